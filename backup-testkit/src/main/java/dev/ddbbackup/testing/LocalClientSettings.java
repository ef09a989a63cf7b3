package dev.ddbbackup.testing;

import dev.ddbbackup.aws.ClientSettings;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/** Client settings for a server of the kit: what every local server takes alike, and where it is. */
final class LocalClientSettings {

    private LocalClientSettings() {
    }

    /**
     * us-east-1, any credentials (local servers check none), the test servers' time limits
     * ({@link TestTimeouts}), these interceptors, and the endpoints {@code where} sets.
     */
    static ClientSettings of(UnaryOperator<ClientSettings.Builder> where, ExecutionInterceptor... interceptors) {
        ClientSettings.Builder b = where.apply(ClientSettings.builder())
                .region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        for (ExecutionInterceptor i : interceptors) {
            b.addInterceptor(i);
        }
        return b.build();
    }
}
