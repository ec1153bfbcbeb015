/* The status palette of the summary page (status_style.h), as data: one row per status with
 * its colour and the marks of its pattern tile (8x8 user units), drawn on the colour in white
 * or black so that the shapes stay legible when printed in grey. */
#include "report/status_style.h"

struct status_style {
  const char *label;
  const char *fill;  /* url(#st-NAME) */
  const char *color; /* base colour of the tile */
  const char *marks; /* SVG drawn over the colour; "" for a plain tile */
};

static const struct status_style styles[ROW_STATUS_COUNT] = {
    [ROW_PENDING] = {"Pending", "url(#st-pending)", "#ffffff", ""},
    [ROW_CREATED] = {"Created", "url(#st-created)", "#1b7f3b", ""},
    [ROW_INVITED] = {"Invited", "url(#st-invited)", "#1f5fbf",
                     "<circle cx='2' cy='2' r='1.2' fill='#fff'/>"
                     "<circle cx='6' cy='6' r='1.2' fill='#fff'/>"},
    [ROW_SKIPPED] = {"Skipped", "url(#st-skipped)", "#b8bcc2",
                     "<path d='M0 2H8M0 6H8' stroke='#333' stroke-width='1'/>"},
    [ROW_INVALID] = {"Invalid", "url(#st-invalid)", "#f0a030",
                     "<path d='M0 0L8 8M8 0L0 8' stroke='#222' stroke-width='1.2'/>"},
    [ROW_REJECTED] = {"Rejected", "url(#st-rejected)", "#d9534f",
                      "<path d='M2 0V8M6 0V8' stroke='#fff' stroke-width='1.4'/>"},
    [ROW_FAILED] = {"Failed", "url(#st-failed)", "#8b1a1a",
                    "<path d='M0 8L8 0M-2 2L2 -2M6 10L10 6' stroke='#fff' stroke-width='1.6'/>"},
    [ROW_NOT_ATTEMPTED] = {"Not attempted", "url(#st-not_attempted)", "#e4e6ea",
                           "<path d='M1 4H3M5 4H7' stroke='#444' stroke-width='1.2'/>"},
    [ROW_WOULD_CREATE] = {"Would create", "url(#st-would_create)", "#7cc68f",
                          "<path d='M0 8L8 0M-2 2L2 -2M6 10L10 6' stroke='#134' "
                          "stroke-width='1'/>"},
    [ROW_WOULD_INVITE] = {"Would invite", "url(#st-would_invite)", "#86aee6",
                          "<path d='M0 0L8 8M-2 6L2 10M6 -2L10 2' stroke='#123' "
                          "stroke-width='1'/>"},
};

const enum row_status status_style_order[ROW_STATUS_COUNT - 1] = {
    ROW_CREATED, ROW_INVITED,  ROW_WOULD_CREATE, ROW_WOULD_INVITE,  ROW_SKIPPED,
    ROW_INVALID, ROW_REJECTED, ROW_FAILED,       ROW_NOT_ATTEMPTED,
};

const char *status_label(enum row_status st)
{
  return (unsigned)st < ROW_STATUS_COUNT ? styles[st].label : "";
}

const char *status_fill(enum row_status st)
{
  return (unsigned)st < ROW_STATUS_COUNT ? styles[st].fill : "none";
}

void status_style_defs(FILE *out)
{
  fputs("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">"
        "<defs>",
        out);
  for (int st = 1; st < ROW_STATUS_COUNT; st++)
    fprintf(out,
            "<pattern id=\"st-%s\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
            "<rect width=\"8\" height=\"8\" fill=\"%s\"/>%s</pattern>",
            row_status_name((enum row_status)st), styles[st].color, styles[st].marks);
  fputs("</defs></svg>\n", out);
}

void status_swatch(FILE *out, enum row_status st)
{
  fprintf(out,
          "<svg class=\"swatch\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
          "<rect x=\"0.5\" y=\"0.5\" width=\"15\" height=\"15\" fill=\"%s\" stroke=\"#333\"/>"
          "</svg>",
          status_fill(st));
}
