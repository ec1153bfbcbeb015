/* The summary page's style sheet, inlined into its <head>: layout, tables, charts, and the
 * print rules (no background fills lost, no section split across pages, every list of rows
 * printed open). */
#ifndef CSP_HTML_STYLE_H
#define CSP_HTML_STYLE_H

extern const char html_style_css[];

#endif
