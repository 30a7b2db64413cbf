package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link DashboardMetrics} takes for a metric name in a PromQL query. */
class DashboardMetricsTest {

    @Test
    void metricNamesAreFoundAndFunctionsLabelsRangesAndStringsAreNot() {
        assertThat(DashboardMetrics.inQuery("max by (call) (a_latency{context=~\"$context\", quantile=\"0.99\"})"
                + " + sum without(host)(rate(b_total[5m] offset 1h)) / on(context) group_left c:rule"
                + " > bool 2e3 and d unless histogram_quantile(0.9, e_bucket)"))
                .containsExactlyInAnyOrder("a_latency", "b_total", "c:rule", "d", "e_bucket");
    }

    @Test
    void aTemplateVariableQueryNamesItsMetricNotItsLabel() {
        assertThat(DashboardMetrics.inQuery("label_values(sessions_in_store{host=\"a\"}, context)"))
                .containsExactly("sessions_in_store");
    }
}
