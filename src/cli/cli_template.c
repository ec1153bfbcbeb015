/* `csponboard template`: an empty input CSV with every canonical column and one example row,
 * for a partner starting a list from scratch. */
#include <stdio.h>

#include "cli/cli.h"
#include "report/csv_writer.h"
#include "cli/command.h"
#include "input/fields.h"

static const char *const example_row[FIELD_COUNT] = {
    [FIELD_ACTION] = "create",         [FIELD_COMPANY_NAME] = "Contoso Ltd",
    [FIELD_DOMAIN] = "contosoltd",     [FIELD_FIRST_NAME] = "Avery",
    [FIELD_LAST_NAME] = "Smith",       [FIELD_EMAIL] = "avery.smith@contoso.example",
    [FIELD_PHONE] = "+1 425 555 0100", [FIELD_ADDRESS_LINE1] = "1 Microsoft Way",
    [FIELD_CITY] = "Redmond",          [FIELD_STATE] = "WA",
    [FIELD_POSTAL_CODE] = "98052",     [FIELD_COUNTRY] = "US",
    [FIELD_CULTURE] = "en-US",         [FIELD_LANGUAGE] = "en",
};

static int template_command(int argc, char **argv)
{
  struct cmd_args args;
  if (command_parse(&cli_template_command, argc, argv, NULL, &args))
    return CLI_EXIT_USAGE;
  for (int f = 0; f < FIELD_COUNT; f++)
    printf("%s%s", f ? "," : "", field_name((enum field_id)f));
  putchar('\n');
  for (int f = 0; f < FIELD_COUNT; f++) {
    if (f)
      putchar(',');
    csv_write_cell(stdout, example_row[f] ? example_row[f] : "");
  }
  putchar('\n');
  return CLI_EXIT_OK;
}

const struct command cli_template_command = {
    .name = "template",
    .summary = "print an empty input CSV with every column and one example row",
    .run = template_command,
};
