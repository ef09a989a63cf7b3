package dev.ddbbackup.local.s3;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * Added to S3Mock's Spring context when the benchmarks model S3's request latency: every request
 * waits {@code ddbbackup.s3.latency-ms} in the server before S3Mock handles it, holding its
 * connection and a server thread as a request to S3 does. Over loopback a request takes about a
 * millisecond, so without this a sequential writer looks nearly as fast as a concurrent one; S3's
 * own latency for small objects is tens to hundreds of milliseconds.
 */
@Configuration(proxyBeanMethods = false)
public class LatencyModelConfiguration {

    static final String PROPERTY = "ddbbackup.s3.latency-ms";

    @Bean
    FilterRegistrationBean<Filter> latencyModel(@Value("${" + PROPERTY + ":0}") long latencyMillis) {
        Filter filter = (request, response, chain) -> {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(latencyMillis > 0);
        return registration;
    }
}
