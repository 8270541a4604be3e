package dev.steward.agent.writer;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import freemarker.cache.FileTemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;

/**
 * The operator's FreeMarker templates in one folder, read live (an edited template is used within two seconds). A
 * template sees plain data only: maps, lists, text, numbers and booleans; it cannot create objects or call Java. A
 * value it needs and does not get is an error naming it, never an empty gap in a letter.
 */
final class Templates {

    /** Template names: lower-case words joined by hyphens, without the {@code .ftl} ending. */
    static final String NAME = "[a-z0-9]+(-[a-z0-9]+)*";

    /** Why a draft could not be written; its message names the template and what to fix. */
    static final class DraftFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DraftFailure(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final Configuration freemarker;

    Templates(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder);
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new FileTemplateLoader(folder.toFile()));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setLocalizedLookup(false);
        freemarker.setTemplateUpdateDelayMilliseconds(2_000);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
    }

    Path folder() {
        return folder;
    }

    /** Renders a template with the model. */
    String render(String name, Map<String, Object> model) throws DraftFailure {
        if (name == null || !name.matches(NAME)) {
            throw new DraftFailure("Template name '" + name + "' is not valid: lower-case words joined by hyphens, as"
                    + " in invoice-reminder (the file etc/steward/templates/invoice-reminder.ftl)");
        }
        Template template;
        try {
            template = freemarker.getTemplate(name + ".ftl");
        } catch (TemplateNotFoundException e) {
            throw new DraftFailure("There is no template '" + name + "' (" + folder.resolve(name + ".ftl") + ")");
        } catch (IOException e) {
            throw new DraftFailure("Template '" + name + "' cannot be read: " + e.getMessage());
        }
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (InvalidReferenceException e) {
            throw new DraftFailure("Template '" + name + "' needs '" + e.getBlamedExpressionString() + "' (line "
                    + e.getLineNumber() + "), which the step's input does not give");
        } catch (TemplateException e) {
            throw new DraftFailure("Template '" + name + "' failed at line " + e.getLineNumber() + ": "
                    + e.getMessageWithoutStackTop());
        } catch (IOException e) {
            throw new DraftFailure("Template '" + name + "' could not be written: " + e.getMessage());
        }
        return out.toString();
    }
}
