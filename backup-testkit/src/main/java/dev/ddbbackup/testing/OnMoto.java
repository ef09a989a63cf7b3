package dev.ddbbackup.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against moto_server: {@link LocalServers} answers with moto's S3 and DynamoDB
 * from before the class's {@code @BeforeAll} methods to after its {@code @AfterAll} methods.
 * Skipped (saying why) where moto_server is not installed, like {@link MotoServer.Extension}.
 * Typical use: {@code @ExtendWith(OnMoto.class) class SnapshotOnMotoTest extends SnapshotTest {}}.
 */
public final class OnMoto implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private final MotoServer.Extension moto = new MotoServer.Extension();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return moto.evaluateExecutionCondition(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        moto.beforeAll(context);
        LocalServers.use(LocalServers.Backend.MOTO);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalServers.use(LocalServers.Backend.LOCAL);
    }
}
