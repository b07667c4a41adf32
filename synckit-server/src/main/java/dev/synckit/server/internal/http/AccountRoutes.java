package dev.synckit.server.internal.http;

import java.time.Clock;
import java.time.Instant;

import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.DeviceList;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.server.internal.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /v1/me}, {@code POST /v1/devices} and {@code GET /v1/devices}: the caller's account and devices. */
final class AccountRoutes {

    private final Store store;
    private final Clock clock;
    private final long maxBodyBytes;

    AccountRoutes(Store store, Clock clock, long maxBodyBytes) {
        this.store = store;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/me", this::me);
        routes.post("/v1/devices", this::registerDevice);
        routes.get("/v1/devices", this::devices);
    }

    private void me(Context ctx) {
        var p = AuthFilter.principal(ctx);
        JsonBodies.write(ctx, 200, new AccountInfo(p.userId(), p.userName(), p.defaultSpaceId()));
    }

    private void registerDevice(Context ctx) {
        var p = AuthFilter.principal(ctx);
        JsonBodies.requireJsonContentType(ctx);
        var registration = JsonBodies.read(ctx, DeviceRegistration.class, maxBodyBytes);
        var device = store.registerDevice(p.userId(), registration, Instant.now(clock));
        JsonBodies.write(ctx, 201, device);
    }

    private void devices(Context ctx) {
        var p = AuthFilter.principal(ctx);
        JsonBodies.write(ctx, 200, new DeviceList(store.devices(p.userId())));
    }
}
