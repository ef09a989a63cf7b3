package dev.ddbbackup.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against moto_server: {@link LocalServers} answers with moto's S3 and DynamoDB
 * from before the class's {@code @BeforeAll} methods to after its {@code @AfterAll} methods.
 * Skipped (saying why) where moto_server is not installed: it is a {@link MotoServer.Extension}.
 * Typical use: {@code @ExtendWith(OnMoto.class) class SnapshotOnMotoTest extends SnapshotTest {}}.
 */
public final class OnMoto extends MotoServer.Extension implements AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        super.beforeAll(context);
        LocalServers.use(LocalServers.Backend.MOTO);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalServers.use(LocalServers.Backend.LOCAL);
    }
}
