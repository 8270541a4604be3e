Subject: Reminder: invoice ${data.invoice.number} is due
Dear ${data.client.name},

our invoice ${data.invoice.number} of ${data.invoice.amount} ${data.invoice.currency} was due on ${data.invoice.dueDate}.
If you have already paid it, thank you, and please ignore this message. Otherwise we would be grateful for your
payment within the next ${data.graceDays!7} days.
<#if context?has_content>

For reference:
<#list context as item>
- ${item.text} [${item.citation}]
</#list>
</#if>

Kind regards,
${data.sender!"Steward"}
