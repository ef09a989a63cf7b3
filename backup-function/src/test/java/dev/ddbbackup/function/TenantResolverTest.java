package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.json.TenantNames;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantResolverTest {

    private final TenantResolver resolver = new TenantResolver("tenant");

    private TenantNames.Tenant of(AttributeValue value) {
        return resolver.tenantOf(value == null ? item("id", s("x")) : item("id", s("x"), "tenant", value));
    }

    @Test
    void scalarsGiveTheirEncodedText() {
        assertThat(of(s("acme")).segment).isEqualTo("acme");
        assertThat(of(s("_acme/eu")).segment).isEqualTo("%5Facme%2Feu");
        assertThat(of(n("42")).segment).isEqualTo("42");
        assertThat(of(new AttributeValue().withB(ByteBuffer.wrap(new byte[] {(byte) 0xFB, (byte) 0xFF}))).segment)
                .isEqualTo("-_8");
        assertThat(of(new AttributeValue().withBOOL(true)).segment).isEqualTo("true");
        assertThat(of(s("acme")).problem).isNull();
    }

    @Test
    void missingNullEmptyAndNonScalarFallBackWithAReason() {
        for (AttributeValue value : new AttributeValue[] {
            null, new AttributeValue().withNULL(true), new AttributeValue().withM(Map.of("a", s("b"))), s(""),
            new AttributeValue().withSS("a"),
        }) {
            TenantNames.Tenant tenant = of(value);
            assertThat(tenant.segment).as("%s", value).isEqualTo(BackupLayout.NO_TENANT);
            assertThat(tenant.problem).as("%s", value).contains("'tenant'");
        }
    }

    @Test
    void enabledOnlyWithAColumn() {
        assertThat(resolver.enabled()).isTrue();
        assertThat(new TenantResolver(null).enabled()).isFalse();
    }
}
