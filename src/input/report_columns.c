/* The report's result columns (report_columns.h). */
#include "input/report_columns.h"

const char *const report_result_columns[REPORT_RESULT_NCOLUMNS] = {
    "row",         "line",        "action",     "status",     "reason_code",    "reason",
    "warnings",    "customer_id", "tenant_id",  "domain",     "invite_url",     "suggested_address",
    "http_status", "attempts",    "elapsed_ms", "request_id", "correlation_id", "finished_at",
};
