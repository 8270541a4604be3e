package dev.steward.model.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import dev.steward.api.model.ModelTier;

/**
 * The validated settings of one chat backend, {@code etc/dev.steward.model.chat-<name>.cfg}: its endpoint, key
 * reference, the model serving each tier and what a million tokens cost there.
 */
record ChatSettings(String id, URI url, String apiKeyRef, Map<ModelTier, String> models,
        Map<ModelTier, OpenAiChat.Price> prices, boolean local, Duration connectTimeout) {

    static final String FACTORY_PID = "dev.steward.model.chat";

    static ChatSettings from(OpenAiChatBackend.Config c) {
        String id = c.id().strip();
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw invalid(c, "id", c.id(), "a short name: lower-case letters, digits, '.', '_' or '-'");
        }
        URI url;
        try {
            url = URI.create(c.url().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(c, "url", c.url(), "an http(s) URL such as https://api.openai.com/v1");
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw invalid(c, "url", c.url(), "an http(s) URL such as https://api.openai.com/v1");
        }
        String ref = c.api_key_ref().strip();
        if (!ref.isEmpty() && !(ref.startsWith("file:") || ref.startsWith("env:"))) {
            throw invalid(c, "api.key.ref", "(hidden)", "empty, file:/path/to/key or env:VARIABLE (never the key itself)");
        }
        Map<ModelTier, String> models = new EnumMap<>(ModelTier.class);
        Map<ModelTier, OpenAiChat.Price> prices = new EnumMap<>(ModelTier.class);
        tier(c, models, prices, ModelTier.CHEAP, c.model_cheap(), c.price_cheap());
        tier(c, models, prices, ModelTier.STANDARD, c.model_standard(), c.price_standard());
        tier(c, models, prices, ModelTier.PREMIUM, c.model_premium(), c.price_premium());
        if (models.isEmpty()) {
            throw invalid(c, "model.cheap", "", "a model name for at least one of model.cheap, model.standard and"
                    + " model.premium");
        }
        boolean local = switch (c.local().strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> loopback(url);
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(c, "local", c.local(), "auto (loopback URLs are local), true or false");
        };
        if (c.connect_timeout_ms() < 100) {
            throw invalid(c, "connect.timeout.ms", Long.toString(c.connect_timeout_ms()), "at least 100");
        }
        return new ChatSettings(id, url, ref, models, prices, local, Duration.ofMillis(c.connect_timeout_ms()));
    }

    private static void tier(OpenAiChatBackend.Config c, Map<ModelTier, String> models,
            Map<ModelTier, OpenAiChat.Price> prices, ModelTier tier, String model, String price) {
        if (model.isBlank()) {
            return;
        }
        models.put(tier, model.strip());
        prices.put(tier, price(c, "price." + tier.name().toLowerCase(Locale.ROOT), price));
    }

    /** {@code <input>/<output>}: US dollars per million tokens read and written, e.g. {@code 0.15/0.60}. */
    private static OpenAiChat.Price price(OpenAiChatBackend.Config c, String key, String value) {
        String[] parts = value.strip().split("/");
        try {
            if (parts.length == 2) {
                BigDecimal in = new BigDecimal(parts[0].strip());
                BigDecimal out = new BigDecimal(parts[1].strip());
                if (in.signum() >= 0 && out.signum() >= 0) {
                    return new OpenAiChat.Price(in, out);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(c, key, value, "<input>/<output> US dollars per million tokens, e.g. 0.15/0.60");
    }

    private static boolean loopback(URI url) {
        String host = url.getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    private static IllegalArgumentException invalid(OpenAiChatBackend.Config c, String key, String value,
            String expected) {
        return new IllegalArgumentException("Chat backend '" + c.id() + "' (etc/" + FACTORY_PID + "-*.cfg): " + key
                + " = '" + value + "' is not valid; expected " + expected);
    }
}
