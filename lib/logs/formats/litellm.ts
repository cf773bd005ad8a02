import { CandidateTable, offerObject, rawFromFieldSource, type TExtractOptions, type TExtractResult, type TInvalidValueCounts } from "@/lib/logs/extract";
import { hasContent, isPlainObject, toText } from "@/lib/logs/values";

/**
 * LiteLLM StandardLoggingPayload, one JSON object per line (what the proxy's custom callbacks
 * and the generic/S3/GCS loggers write). The payload's own fields are read directly; the runbook
 * fields LiteLLM does not know about (route, flags, version, parse/validation results, configured
 * models) are looked up by synonym in metadata.requester_metadata (what the client sent as
 * `metadata`), then spend_logs_metadata, then metadata itself.
 */

const EMPTY: Record<string, unknown> = {};

function obj(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : EMPTY;
}

// "litellm.RateLimitError: RateLimitError: OpenAIException - …" → RateLimitError
const ERROR_CLASS_RE = /^(?:litellm\.)?([A-Za-z_][A-Za-z0-9_]*(?:Error|Exception|Timeout|Exceeded))\b/;
// "… Error code: 429 - {…}" / "status_code: 503"
const ERROR_CODE_RE = /\b(?:error[ _]code|status[ _]code|http[ _]status)["']?\s*[:=]?\s*["']?([1-5]\d\d)\b/i;

function header(headers: Record<string, unknown>, name: string): unknown {
  return headers[name] ?? headers[name.replace(/-/g, "_")];
}

export function rawFromLiteLLM(payload: Record<string, unknown>, options: TExtractOptions, invalid: TInvalidValueCounts): TExtractResult {
  const metadata = obj(payload.metadata);
  const requester = obj(metadata.requester_metadata);
  const spendMeta = obj(metadata.spend_logs_metadata);
  const hidden = obj(payload.hidden_params);
  const headers = obj(hidden.additional_headers);
  const errorInfo = obj(payload.error_information);
  const modelParams = obj(payload.model_parameters);
  const errorStr = toText(payload.error_str);

  const table = new CandidateTable();
  table.set("request_timestamp", payload.startTime, "startTime");
  table.set("end_timestamp", payload.endTime, "endTime");
  if (payload.endTime === undefined || payload.endTime === null) table.set("latency", payload.response_time, "response_time");
  table.set("request_id", payload.id, "id");
  table.set("request_id", payload.trace_id, "trace_id");
  table.set("user_id", payload.end_user, "end_user");
  table.set("user_id", metadata.user_api_key_user_id, "metadata.user_api_key_user_id");
  table.set("tenant_id", metadata.user_api_key_team_id, "metadata.user_api_key_team_id");
  table.set("tenant_id", metadata.user_api_key_org_id, "metadata.user_api_key_org_id");
  table.set("requested_model", payload.model, "model");
  table.set("requested_model", hidden.litellm_model_name, "hidden_params.litellm_model_name");
  table.set("resolved_model", payload.model_group, "model_group");
  table.set("retry_count", metadata.attempted_retries, "metadata.attempted_retries");
  table.set("retry_count", header(headers, "x-litellm-attempted-retries"), "x-litellm-attempted-retries");
  table.set("fallback_flag", metadata.attempted_fallbacks, "metadata.attempted_fallbacks");
  table.set("fallback_flag", header(headers, "x-litellm-attempted-fallbacks"), "x-litellm-attempted-fallbacks");
  // LiteLLM's timeout parameter is in seconds; the name carries the unit for the converter.
  table.set("client_timeout", modelParams.timeout, "timeout_seconds");
  table.set("client_timeout", modelParams.request_timeout, "timeout_seconds");
  table.set("status_code", errorInfo.error_code, "error_information.error_code");
  table.set("exception_class", errorInfo.error_class, "error_information.error_class");
  if (errorStr !== null) {
    table.set("status_code", ERROR_CODE_RE.exec(errorStr)?.[1], "error_str");
    table.set("exception_class", ERROR_CLASS_RE.exec(errorStr)?.[1], "error_str");
  }
  table.set("prompt_tokens", payload.prompt_tokens, "prompt_tokens");
  table.set("completion_tokens", payload.completion_tokens, "completion_tokens");
  table.set("total_tokens", payload.total_tokens, "total_tokens");
  table.set("prompt_text", payload.messages, "messages");
  table.set("response_text", payload.response, "response");

  offerObject(table, requester, 0);
  offerObject(table, spendMeta, 3000);
  for (const key of Object.keys(metadata)) table.offer(key, metadata[key], 6000);
  table.fallback("route", metadata.user_api_key_request_route, "metadata.user_api_key_request_route");

  const result = rawFromFieldSource(table, options, invalid);
  if (!result.ok) return result;
  const raw = result.raw;
  if (payload.status === "success") raw.outcome = "success";
  else if (payload.status === "failure") raw.outcome = "failure";
  const errorMessage = errorStr ?? toText(errorInfo.error_message);
  if (errorMessage !== null) {
    raw.errorText = errorMessage.slice(0, 2000);
    raw.droppedText.push("error_message");
  }
  if (hasContent(errorInfo.traceback)) raw.droppedText.push("traceback");
  return result;
}
