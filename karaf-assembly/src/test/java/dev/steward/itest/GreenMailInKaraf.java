package dev.steward.itest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail (SMTP and IMAP on loopback) inside the Karaf container, for MailAddonIT. It is a bundle wired to the Jakarta
 * Mail and Angus bundles that the mail add-on brings, so it is loaded only after that add-on is installed (this class is
 * reached through the probe's dynamic imports). Jakarta Mail finds Angus's stream codecs through the thread context
 * class loader: GreenMail's threads are created with Angus's loader as theirs, and so is every message built here.
 */
final class GreenMailInKaraf {

    private final GreenMail server;
    private final ClassLoader angus;

    private GreenMailInKaraf(GreenMail server, ClassLoader angus) {
        this.server = server;
        this.angus = angus;
    }

    /** Starts GreenMail on two free loopback ports with one user, whose inbox the add-on polls. */
    static GreenMailInKaraf start(BundleContext context, int smtpPort, int imapPort, String address, String login, String password)
            throws Exception {
        ClassLoader angus = null;
        for (Bundle b : context.getBundles()) {
            if ("org.eclipse.angus.mail".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                angus = b.loadClass("org.eclipse.angus.mail.smtp.SMTPProvider").getClassLoader();
            }
        }
        if (angus == null) {
            throw new IllegalStateException("the Angus Mail bundle is not active");
        }
        ClassLoader loader = angus;
        GreenMail server = with(loader, () -> {
            GreenMail g = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            g.start();
            g.setUser(address, login, password);
            return g;
        });
        return new GreenMailInKaraf(server, loader);
    }

    /** Puts a message into the user's inbox as the server received it. */
    void deliver(String login, String raw) throws Exception {
        with(angus, () -> {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            server.getUserManager().getUser(login).deliver(m);
            return null;
        });
    }

    /** @return the Message-ID, In-Reply-To and To of every message the server received by SMTP */
    List<String[]> received() throws Exception {
        return with(angus, () -> {
            List<String[]> mails = new ArrayList<>();
            for (MimeMessage m : server.getReceivedMessages()) {
                mails.add(new String[] {m.getMessageID(), m.getHeader("In-Reply-To", ","), m.getHeader("To", ",")});
            }
            return mails;
        });
    }

    void stop() throws Exception {
        with(angus, () -> {
            server.stop();
            return null;
        });
    }

    private static <T> T with(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
