/** The report's format and `--fail-on` choices: the CLI's option table reads these before loading the report itself. */
export const REPORT_FORMATS = ["text", "json", "markdown", "github"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FAIL_ON = ["still-called", "removable", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];
