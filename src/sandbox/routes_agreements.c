/* The Microsoft Customer Agreement: GET /v1/agreements (the template) and
 * POST /v1/customers/{id}/agreements (an attestation: 201, 404 for an unknown customer,
 * 400 600061 when the same contact already attested for that customer). */
#include <string.h>
#include <strings.h>

#include "sandbox/routes.h"

#define MCA_TEMPLATE_ID "117a77b0-9360-443b-8795-c6dedc750cf9"
#define MCA_TYPE "MicrosoftCustomerAgreement"

int sb_route_agreements(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)ctx;
  const char *type = sb_query(req, "agreementType");
  cJSON *page = cJSON_CreateObject();
  cJSON *items = cJSON_AddArrayToObject(page, "items");
  if (!type || !strcasecmp(type, MCA_TYPE) || !strcmp(type, "*")) {
    cJSON *mca = cJSON_CreateObject();
    cJSON_AddStringToObject(mca, "templateId", MCA_TEMPLATE_ID);
    cJSON_AddStringToObject(mca, "description", "Microsoft Customer Agreement");
    cJSON_AddStringToObject(mca, "agreementType", MCA_TYPE);
    cJSON_AddStringToObject(mca, "agreementLink", "https://aka.ms/customeragreement");
    cJSON_AddStringToObject(mca, "versionRank", "0");
    cJSON_AddItemToArray(items, mca);
  }
  cJSON_AddNumberToObject(page, "totalCount", cJSON_GetArraySize(items));
  return sb_reply_json(resp, 200, page);
}

static cJSON *attestation_record(const char *customer_id, const cJSON *body, const cJSON *contact)
{
  const char *date = sb_json_str(body, "dateAgreed");
  const char *template_id = sb_json_str(body, "templateId");
  cJSON *rec = cJSON_CreateObject();
  cJSON_AddStringToObject(rec, "customer_id", customer_id);
  cJSON_AddStringToObject(rec, "first_name", sb_json_str(contact, "firstName"));
  cJSON_AddStringToObject(rec, "last_name", sb_json_str(contact, "lastName"));
  cJSON_AddStringToObject(rec, "email", sb_json_str(contact, "email"));
  cJSON_AddStringToObject(rec, "template_id", template_id ? template_id : MCA_TEMPLATE_ID);
  cJSON_AddStringToObject(rec, "date_agreed", date ? date : "");
  return rec;
}

static int attest(struct sb_ctx *ctx, const char *customer_id, const cJSON *body,
                  struct sb_response *resp)
{
  int rc = 0;
  const cJSON *contact = cJSON_GetObjectItem(body, "primaryContact");
  static const char *const required[] = {"firstName", "lastName", "email"};
  for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
    const char *v = sb_json_str(contact, required[i]);
    if (!v || !*v)
      return sb_reply_error(resp, 400, 3000, "The property 'primaryContact.%s' is required.",
                            required[i]);
  }
  cJSON *rec = attestation_record(customer_id, body, contact);
  enum sb_attest_result result = sb_state_attest(&ctx->state, customer_id, rec, &rc);
  if (rc)
    goto out;
  if (result == SB_ATTEST_NO_CUSTOMER)
    rc = sb_reply_error_named(resp, 404, "NotFound", "Customer %s was not found.", customer_id);
  else if (result == SB_ATTEST_DUPLICATE)
    rc = sb_reply_error(resp, 400, 600061,
                        "An attestation with the same primary contact "
                        "already exists for this customer.");
  else
    rc = sb_reply_json(resp, 201, cJSON_Duplicate(body, true));
out:
  cJSON_Delete(rec);
  return rc;
}

int sb_route_attest(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  int rc;
  cJSON *body = sb_parse_body(req);
  if (!cJSON_IsObject(body))
    rc = sb_reply_error_named(resp, 400, "InvalidRequestBody",
                              "The request body is not a JSON object.");
  else
    rc = attest(ctx, req->params[0], body, resp);
  cJSON_Delete(body);
  return rc;
}
