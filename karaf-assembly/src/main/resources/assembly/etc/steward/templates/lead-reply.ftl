Subject: Thank you for your enquiry, ${data.lead.name}
Hello ${data.lead.name},

thank you for getting in touch about ${data.lead.topic}. I will come back to you within ${data.replyDays!2} working
days with a proposal.

Best regards,
${data.sender!"Steward"}
