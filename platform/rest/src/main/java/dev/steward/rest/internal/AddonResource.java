package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonService;
import dev.steward.rest.internal.Router.Call;

/**
 * The add-on endpoints: the catalog's add-ons with their compatibility, and install, upgrade and uninstall by an
 * admin. A refusal answers {@code {"error": ..., "reason": ...}} (the {@link AddonException.Reason}): no such add-on or version 404, not installed or installed already and an
 * incompatible platform range 409, a checksum mismatch 422, an unreadable catalog 502, a failed (rolled back)
 * install 500.
 */
final class AddonResource {

    private final Json json;
    private final Supplier<AddonService> addons;

    AddonResource(Json json, Supplier<AddonService> addons) {
        this.json = json;
        this.addons = addons;
    }

    void addTo(Router router) {
        router.add("GET", "/addons", Role.VIEWER, call -> answer(() -> addons().list()))
                .add("POST", "/addons/{name}/install", Role.ADMIN,
                        call -> answer(() -> addons().install(call.param("name"), version(call), call.caller().name())))
                .add("POST", "/addons/{name}/uninstall", Role.ADMIN,
                        call -> answer(() -> addons().uninstall(call.param("name"), call.caller().name())))
                .add("POST", "/addons/{name}/upgrade", Role.ADMIN,
                        call -> answer(() -> addons().upgrade(call.param("name"), version(call), call.caller().name())));
    }

    /** The {@code version} query parameter; absent or empty: the newest compatible version. */
    private static String version(Call call) {
        String version = call.request().query().get("version");
        return version == null || version.isBlank() ? null : version;
    }

    static int status(AddonException.Reason reason) {
        return switch (reason) {
            case UNKNOWN -> 404;
            case WRONG_STATE, INCOMPATIBLE -> 409;
            case TAMPERED -> 422;
            case CATALOG -> 502;
            case FAILED -> 500;
        };
    }

    /** Runs the operation: 200 with what it returns, or the refusal's status with {@code error} and {@code reason}. */
    private ApiReply answer(Supplier<Object> operation) {
        try {
            return ApiReply.json(200, json.write(operation.get()));
        } catch (AddonException e) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("reason", e.reason().name());
            return ApiReply.json(status(e.reason()), json.write(body));
        }
    }

    private AddonService addons() {
        AddonService service = addons.get();
        if (service == null) {
            throw new ApiError(503, "the add-on catalog is not available (bundle dev.steward.addons is not running)");
        }
        return service;
    }
}
