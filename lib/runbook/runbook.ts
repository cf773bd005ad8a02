// The CometAPI chat-completions fallback runbook as typed, versioned data.
//
// This module is the single source of truth for runbook wording: UI, rules
// and exports import these strings instead of retyping them, and
// runbook.test.ts proves every string appears verbatim in the committed copy
// of the source text (lib/runbook/source/runbook-2026-05-08.txt).
//
// Wording convention: items the runbook writes as full sentences keep their
// final "." or "?"; items it writes as list fragments joined by ";" are stored
// without that trailing separator (";" or the list's closing "."), because it
// is list punctuation, not part of the wording. Ids and units are ours.

// ─── Shapes ────────────────────────────────────────────────────────────────

export type TTextItem = { readonly id: string; readonly text: string };
export type TLabelItem = { readonly id: string; readonly label: string };

type TRunbookShape = {
  readonly version: string;
  readonly lastReviewedLine: string;
  readonly title: string;
  readonly intro: readonly string[];
  readonly links: {
    readonly docsHome: string;
    readonly apiReference: string;
    readonly helpCenter: string;
    readonly reliabilityIndex: string;
    readonly postArchive: string;
    readonly editorial: string;
  };
  readonly keyTakeaways: { readonly heading: string; readonly items: readonly TTextItem[] };
  readonly definition: {
    readonly heading: string;
    readonly text: string;
    readonly meaningsLead: string;
    readonly meanings: readonly TTextItem[];
  };
  readonly scope: {
    readonly heading: string;
    readonly text: string;
    readonly assumptionsLead: string;
    readonly assumptions: readonly TTextItem[];
  };
  readonly checklistHeading: string;
  readonly incidentWindow: {
    readonly heading: string;
    readonly recordLead: string;
    readonly record: readonly TTextItem[];
    readonly detectionSources: readonly TLabelItem[];
    readonly exampleNoteLead: string;
    readonly exampleNote: readonly { readonly id: string; readonly field: string; readonly value: string }[];
    readonly windowTuning: string;
  };
  readonly failureModes: {
    readonly heading: string;
    readonly intro: string;
    readonly tableLead: string;
    readonly columns: { readonly label: string; readonly whatToCheck: string; readonly likelyAction: string };
    readonly classes: readonly {
      readonly id: string;
      readonly label: string;
      readonly whatToCheck: string;
      readonly likelyAction: string;
    }[];
    readonly referenceNote: string;
  };
  readonly fallbackDecision: {
    readonly heading: string;
    readonly intro: string;
    readonly saferWhenLead: string;
    readonly saferWhen: readonly TTextItem[];
    readonly pauseWhenLead: string;
    readonly pauseWhen: readonly TTextItem[];
  };
  readonly validationHeading: string;
  readonly steps: {
    readonly configuration: {
      readonly heading: string;
      readonly lead: string;
      readonly items: readonly TTextItem[];
      readonly aliasWarning: string;
    };
    readonly smokeRequest: {
      readonly heading: string;
      readonly text: string;
      readonly exampleLead: string;
      readonly exampleCommand: string;
      readonly example: {
        readonly endpointPath: string;
        readonly modelPlaceholder: string;
        readonly systemMessage: string;
        readonly requestId: string;
      };
      readonly criteriaLead: string;
      readonly criteria: readonly TTextItem[];
    };
    readonly comparison: {
      readonly heading: string;
      readonly lead: string;
      readonly dimensions: readonly TLabelItem[];
      readonly warning: string;
    };
    readonly rollout: {
      readonly heading: string;
      readonly sequenceLead: string;
      readonly sequence: readonly TTextItem[];
      readonly thresholdsLead: string;
      readonly thresholds: readonly TTextItem[];
    };
    readonly impact: {
      readonly heading: string;
      readonly completion: string;
      readonly lead: string;
      readonly measures: readonly (TLabelItem & { readonly unit: string })[];
      readonly warning: string;
    };
  };
  readonly review: {
    readonly heading: string;
    readonly lead: string;
    readonly sections: readonly {
      readonly id: string;
      readonly title: string;
      readonly questions: readonly { readonly id: string; readonly text: string; readonly required: boolean }[];
    }[];
  };
  readonly logging: {
    readonly heading: string;
    readonly lead: string;
    readonly fields: readonly TLabelItem[];
    readonly privacy: string;
  };
  readonly patterns: {
    readonly heading: string;
    readonly rulesLead: string;
    readonly items: readonly {
      readonly id: string;
      readonly name: string;
      readonly useWhen: string;
      readonly rules: readonly TTextItem[];
    }[];
  };
  readonly rollback: {
    readonly heading: string;
    readonly conditionsLead: string;
    readonly conditions: readonly TTextItem[];
    readonly stepsLead: string;
    readonly steps: readonly TTextItem[];
  };
  readonly artifacts: { readonly heading: string; readonly lead: string; readonly kinds: readonly TLabelItem[] };
  readonly faq: {
    readonly heading: string;
    readonly items: readonly { readonly id: string; readonly question: string; readonly answer: string }[];
  };
  readonly sources: {
    readonly heading: string;
    readonly items: readonly { readonly id: string; readonly url: string; readonly accessed: string; readonly purpose: string }[];
  };
};

// ─── Data ──────────────────────────────────────────────────────────────────

export const RUNBOOK_VERSION = "2026-05-08";

export const runbook = {
  version: RUNBOOK_VERSION,
  lastReviewedLine: "Last reviewed: 2026-05-08",
  title: "CometAPI fallback runbook for chat completions: incident review checklist for 2026-05-08",
  intro: [
    "This draft is for teams using CometAPI in a reliability-sensitive chat-completions path. It is written as an incident review and validation checklist, not as a guarantee that any specific fallback pattern will work for every workload.",
    "Before applying this runbook, compare your production client behavior against the current CometAPI documentation landing page and API reference. The CometAPI docs are the source of truth for supported request fields, endpoint behavior, authentication, and response formats: https://apidoc.cometapi.com/ and https://apidoc.cometapi.com/api-13851472.",
    "For more reliability notes in this site, see the internal index at /sites/llm-api-reliability/ and the post archive at /sites/llm-api-reliability/posts/.",
  ],
  links: {
    docsHome: "https://apidoc.cometapi.com/",
    apiReference: "https://apidoc.cometapi.com/api-13851472",
    helpCenter: "https://apidoc.cometapi.com/help-center",
    reliabilityIndex: "/sites/llm-api-reliability/",
    postArchive: "/sites/llm-api-reliability/posts/",
    editorial: "/sites/llm-api-reliability/editorial/",
  },
  keyTakeaways: {
    heading: "Key takeaways",
    items: [
      { id: "controlled-mitigation", text: "Treat fallback as a controlled mitigation, not a blind retry loop." },
      {
        id: "small-smoke-requests",
        text: "Validate fallback behavior with small, deterministic smoke requests before routing user traffic.",
      },
      {
        id: "tune-thresholds",
        text: "Use example thresholds, such as error-rate or latency triggers, as starting points to tune for your service rather than universal values.",
      },
      {
        id: "record-exact-details",
        text: "Record the exact primary model, fallback model, request parameters, error classes, timestamps, and customer impact during every incident review.",
      },
      {
        id: "recheck-api-reference",
        text: "Re-check CometAPI’s current API reference before changing production request fields or assumptions.",
      },
    ],
  },
  definition: {
    heading: "Concise definition",
    text: "A CometAPI chat-completions fallback runbook is an operational checklist that tells engineers when to move traffic away from a degraded primary chat-completions path, how to verify a fallback path, how to monitor the mitigation, and how to document the incident afterward.",
    meaningsLead: "In this context, “fallback” can mean one or more of the following:",
    meanings: [
      {
        id: "switch-model",
        text: "switching from a primary model identifier to a secondary model identifier configured by your application",
      },
      {
        id: "reduce-complexity",
        text: "reducing optional request complexity, such as tool use or long context, if your application supports that behavior",
      },
      { id: "bounded-safe-retry", text: "retrying only safe, idempotent requests with bounded retry limits" },
      {
        id: "route-subset",
        text: "routing a subset of traffic to a tested backup path while preserving observability",
      },
    ],
  },
  scope: {
    heading: "Scope and assumptions",
    text: "This runbook applies to application-owned reliability behavior around CometAPI chat-completions requests. It does not replace CometAPI’s own documentation or support process. Use the public API documentation and help center to confirm current platform details: https://apidoc.cometapi.com/ and https://apidoc.cometapi.com/help-center.",
    assumptionsLead: "Assumptions to verify in your own environment:",
    assumptions: [
      {
        id: "fallback-configured",
        text: "Your application has a primary model and at least one configured fallback model or fallback policy.",
      },
      {
        id: "metadata-recorded",
        text: "Your client records request metadata such as model, route, latency, status code, error type, token usage if available, and retry count.",
      },
      { id: "tested-outside-incident", text: "Your fallback path has been tested outside an active incident." },
      { id: "quick-disable", text: "You can disable fallback quickly if it creates worse user impact." },
    ],
  },
  checklistHeading: "Incident review checklist",
  incidentWindow: {
    heading: "1. Confirm the incident window",
    recordLead: "Record:",
    record: [
      { id: "start-time", text: "Start time of degradation." },
      {
        id: "detection-source",
        text: "Detection source: alert, customer report, synthetic test, internal dashboard, or provider status review.",
      },
      { id: "end-time", text: "End time or current status." },
      { id: "affected-scope", text: "Affected route, service, tenant, region, or feature." },
      { id: "primary-model", text: "Primary model or model alias used by the application." },
      { id: "fallback-mode", text: "Whether fallback was automatic, manual, or not triggered." },
    ],
    detectionSources: [
      { id: "ALERT", label: "alert" },
      { id: "CUSTOMER_REPORT", label: "customer report" },
      { id: "SYNTHETIC_TEST", label: "synthetic test" },
      { id: "INTERNAL_DASHBOARD", label: "internal dashboard" },
      { id: "PROVIDER_STATUS_REVIEW", label: "provider status review" },
    ],
    exampleNoteLead: "Example incident note:",
    exampleNote: [
      { id: "incident-date", field: "Incident date", value: "2026-05-08" },
      {
        id: "affected-path",
        field: "Affected path",
        value: "chat-completions generation endpoint in production assistant flow",
      },
      { id: "primary-symptom", field: "Primary symptom", value: "elevated timeout rate" },
      { id: "fallback-action", field: "Fallback action", value: "secondary model enabled for 25% of eligible requests" },
      {
        id: "rollback-condition",
        field: "Rollback condition",
        value: "fallback error rate exceeds primary error rate for two consecutive observation windows",
      },
    ],
    windowTuning:
      "Tune observation windows to your traffic. For a low-volume product, a fixed five-minute window may be too noisy; for a high-volume product, a shorter window may be enough.",
  },
  failureModes: {
    heading: "2. Classify the failure mode",
    intro:
      "Separate symptoms before taking action. A fallback that helps timeout errors may not help malformed requests.",
    tableLead: "Common classes to review:",
    columns: { label: "Failure class", whatToCheck: "What to check", likelyAction: "Likely action" },
    classes: [
      {
        id: "AUTH",
        label: "Authentication or authorization errors",
        whatToCheck: "API key state, environment variables, secret rotation, account settings",
        likelyAction: "Do not model-fallback first; fix credentials",
      },
      {
        id: "VALIDATION_4XX",
        label: "4xx request validation errors",
        whatToCheck: "Payload shape, unsupported parameters, model identifier, message format",
        likelyAction: "Roll back client change or align with current API docs",
      },
      {
        id: "RATE_LIMIT_429",
        label: "429 or rate-limit-style responses",
        whatToCheck: "Burst behavior, concurrency, queueing, tenant quotas",
        likelyAction: "Throttle, queue, shed load, or fallback selectively",
      },
      {
        id: "UPSTREAM_5XX",
        label: "5xx upstream-style errors",
        whatToCheck: "Provider-side or gateway-side instability",
        likelyAction: "Consider bounded fallback after smoke test",
      },
      {
        id: "TIMEOUT",
        label: "Timeouts",
        whatToCheck: "Network, client timeout, long context, slow model path",
        likelyAction: "Reduce timeout risk, fallback, or degrade optional features",
      },
      {
        id: "QUALITY_REGRESSION",
        label: "Quality regressions",
        whatToCheck: "Prompt, model change, safety filters, output schema mismatch",
        likelyAction: "Fallback only after task-specific validation",
      },
    ],
    referenceNote:
      "Use the CometAPI API reference as the current source for request and response expectations when reviewing 4xx errors: https://apidoc.cometapi.com/api-13851472.",
  },
  fallbackDecision: {
    heading: "3. Decide whether fallback is allowed",
    intro: "Fallback should be blocked when it can create hidden correctness or compliance risk.",
    saferWhenLead: "Fallback is usually safer when:",
    saferWhen: [
      { id: "stateless-or-retry-safe", text: "the request is stateless or can be retried safely" },
      {
        id: "user-tolerates-different-response",
        text: "the user can tolerate a slightly different model response",
      },
      {
        id: "formatting-enforced-by-validator",
        text: "the task does not require exact formatting beyond what your validator enforces",
      },
      { id: "fallback-passed-smoke-tests", text: "the fallback model has passed recent smoke tests" },
      { id: "paths-distinguishable", text: "observability can distinguish primary and fallback traffic" },
    ],
    pauseWhenLead: "Fallback should be paused or limited when:",
    pauseWhen: [
      {
        id: "high-impact-action-without-confirmation",
        text: "the request performs a high-impact action without confirmation",
      },
      { id: "fallback-model-not-approved", text: "the fallback model is not approved for the feature" },
      { id: "schema-conformance-untested", text: "output schema conformance is required but untested" },
      { id: "fallback-lacks-observability", text: "the fallback path lacks logs or metrics" },
      { id: "controls-unknown", text: "token budget, latency, or cost controls are unknown" },
    ],
  },
  validationHeading: "Practical validation steps",
  steps: {
    configuration: {
      heading: "Step 1: Verify configuration",
      lead: "Check that the following values are explicit and versioned:",
      items: [
        { id: "base-url", text: "CometAPI base URL from current documentation or environment configuration." },
        { id: "primary-model", text: "Primary model identifier." },
        { id: "fallback-model", text: "Fallback model identifier." },
        { id: "client-timeout", text: "Client timeout." },
        { id: "retry", text: "Retry count and retry backoff." },
        { id: "max-tokens", text: "Maximum tokens or output budget." },
        { id: "feature-flags", text: "Feature flags controlling fallback." },
        { id: "logged-fields", text: "Request metadata fields included in logs." },
      ],
      aliasWarning:
        "Do not rely on a model alias if your incident review requires exact routing evidence. Log both the alias and the resolved model identifier when your architecture supports it.",
    },
    smokeRequest: {
      heading: "Step 2: Run a minimal smoke request",
      text: "Run a deterministic smoke test against the same client path used in production, but with sanitized content and a very small token budget. Confirm request format against the CometAPI docs before use.",
      exampleLead: "Example curl-style smoke test, using placeholders:",
      exampleCommand: [
        'curl -sS "${COMETAPI_BASE_URL}/v1/chat/completions" \\',
        '-H "Authorization: Bearer ${COMETAPI_API_KEY}" \\',
        '-H "Content-Type: application/json" \\',
        '-H "X-Request-Id: incident-20260508-smoke-001" \\',
        "-d '{",
        '"model": "FALLBACK_MODEL_ID_FROM_CONFIG",',
        '"messages": [',
        "{",
        '"role": "system",',
        '"content": "Return only a compact JSON object."',
        "},",
        "{",
        '"role": "user",',
        '"content": "Health check. Reply with {\\"ok\\":true,\\"path\\":\\"fallback\\"}."',
        "}",
        "],",
        '"temperature": 0,',
        '"max_tokens": 32',
        "}'",
      ].join("\n"),
      example: {
        endpointPath: "/v1/chat/completions",
        modelPlaceholder: "FALLBACK_MODEL_ID_FROM_CONFIG",
        systemMessage: "Return only a compact JSON object.",
        requestId: "incident-20260508-smoke-001",
      },
      criteriaLead: "Validation criteria:",
      criteria: [
        {
          id: "RESPONSE_SUCCESS",
          text: "Response returns successfully according to your client’s success criteria.",
        },
        { id: "OUTPUT_ACCEPTED", text: "Output can be parsed or accepted by the application." },
        { id: "LATENCY_WITHIN_TOLERANCE", text: "Latency is within your incident-specific tolerance." },
        { id: "ROUTE_LOGGED", text: "Logs show the fallback model or route clearly." },
        {
          id: "PROMPT_SANITIZED",
          text: "No production secrets, user data, or regulated data appear in the smoke prompt.",
        },
      ],
    },
    comparison: {
      heading: "Step 3: Compare primary and fallback behavior",
      lead: "For the same sanitized prompt, compare:",
      dimensions: [
        { id: "STATUS_OR_EXCEPTION", label: "status code or client exception" },
        { id: "LATENCY", label: "latency" },
        { id: "BODY_SHAPE", label: "response body shape" },
        { id: "PARSEABILITY", label: "output parseability" },
        { id: "TOKEN_USAGE", label: "token usage if your client records it" },
        { id: "RETRY_COUNT", label: "retry count" },
        { id: "REQUEST_ID_PROPAGATION", label: "trace ID or request ID propagation" },
      ],
      warning:
        "Do not compare only “did it respond.” A fallback response that breaks downstream parsing can be worse than a clean failure.",
    },
    rollout: {
      heading: "Step 4: Enable fallback gradually",
      sequenceLead: "A sample rollout sequence:",
      sequence: [
        { id: "synthetic-only", text: "Enable fallback for internal synthetic checks only." },
        { id: "small-low-risk-share", text: "Enable fallback for a small percentage of low-risk requests." },
        {
          id: "watch-signals",
          text: "Watch error rate, timeout rate, latency, and output validation failures.",
        },
        {
          id: "increase-only-if-better",
          text: "Increase only if the fallback path is better than the degraded primary path for the relevant failure class.",
        },
        { id: "rollback-switch-ready", text: "Keep a rollback switch ready." },
      ],
      thresholdsLead: "Example thresholds to tune, not universal facts:",
      thresholds: [
        {
          id: "consider-fallback",
          text: "Consider fallback if primary timeout rate is materially above baseline for two observation windows.",
        },
        {
          id: "roll-back-schema",
          text: "Roll back fallback if fallback schema-validation failures exceed the primary path.",
        },
        {
          id: "stop-increasing-latency",
          text: "Stop increasing traffic if fallback p95 latency exceeds your user-facing timeout budget.",
        },
      ],
    },
    impact: {
      heading: "Step 5: Confirm user-impact reduction",
      completion: "A mitigation is not complete until user impact drops.",
      lead: "Check:",
      measures: [
        { id: "CUSTOMER_VISIBLE_ERROR_RATE", label: "customer-visible error rate", unit: "%" },
        { id: "QUEUE_DEPTH", label: "queue depth", unit: "requests" },
        { id: "TIMEOUT_COUNT", label: "timeout count", unit: "count" },
        { id: "SUCCESSFUL_COMPLETION_COUNT", label: "successful completion count", unit: "count" },
        { id: "SUPPORT_TICKET_VOLUME", label: "support-ticket volume", unit: "tickets" },
        { id: "USER_RETRY_BEHAVIOR", label: "user retry behavior", unit: "retries per user" },
        {
          id: "FEATURE_BUSINESS_METRIC",
          label: "feature-specific business metric, such as completed draft, answered ticket, or generated summary",
          unit: "count",
        },
      ],
      warning: "If customer-visible errors remain high, the fallback may not be addressing the real bottleneck.",
    },
  },
  review: {
    heading: "Post-incident review questions",
    lead: "Use these prompts during the incident review.",
    sections: [
      {
        id: "DETECTION",
        title: "Detection",
        questions: [
          { id: "detection.first-alert", text: "Which alert fired first?", required: true },
          {
            id: "detection.user-impact-tie",
            text: "Was the alert tied to user impact or only infrastructure symptoms?",
            required: true,
          },
          {
            id: "detection.synthetic-before-users",
            text: "Did synthetic traffic detect the issue before users did?",
            required: true,
          },
          {
            id: "detection.dashboards-separated",
            text: "Did dashboards separate primary and fallback traffic?",
            required: true,
          },
        ],
      },
      {
        id: "DIAGNOSIS",
        title: "Diagnosis",
        questions: [
          { id: "diagnosis.first-bad-request", text: "What was the first known bad request?", required: true },
          { id: "diagnosis.error-classes", text: "Which error classes increased?", required: true },
          {
            id: "diagnosis.mixed-errors",
            text: "Were request validation errors mixed with upstream failures?",
            required: true,
          },
          {
            id: "diagnosis.changes-near-start",
            text: "Did any deployment, prompt change, model change, secret rotation, or network change happen near the start time?",
            required: true,
          },
        ],
      },
      {
        id: "MITIGATION",
        title: "Mitigation",
        questions: [
          { id: "mitigation.approver", text: "Who approved fallback activation?", required: true },
          { id: "mitigation.automatic-or-manual", text: "Was fallback automatic or manual?", required: true },
          { id: "mitigation.traffic-moved", text: "What percentage of traffic moved?", required: true },
          { id: "mitigation.config-changed", text: "What exact configuration changed?", required: true },
          { id: "mitigation.rollback-plan", text: "Was there a rollback plan before activation?", required: true },
          { id: "mitigation.impact-reduced", text: "Did fallback reduce user impact?", required: true },
        ],
      },
      {
        id: "RECOVERY",
        title: "Recovery",
        questions: [
          {
            id: "recovery.recovery-signal",
            text: "What signal showed that primary service had recovered?",
            required: true,
          },
          { id: "recovery.gradual-restore", text: "Was traffic restored gradually?", required: true },
          { id: "recovery.drained-safely", text: "Were caches, queues, or retries drained safely?", required: true },
          {
            id: "recovery.duplicate-or-delayed",
            text: "Did any users receive duplicate responses or delayed responses?",
            required: true,
          },
        ],
      },
      {
        id: "PREVENTION",
        title: "Prevention",
        questions: [
          { id: "prevention.earlier-test", text: "What test would have caught this earlier?", required: true },
          // Optional: a gap in dashboards is not always the lesson of an incident.
          { id: "prevention.missing-panel", text: "Which dashboard panel was missing?", required: false },
          { id: "prevention.specific-rules", text: "Should fallback rules become more specific?", required: true },
          {
            id: "prevention.setting-change",
            text: "Should a prompt, schema, or timeout setting be changed?",
            required: true,
          },
          // Optional: a process suggestion, not evidence about this incident.
          {
            id: "prevention.help-center-escalation",
            text: "Should the escalation path reference the CometAPI help center for support workflows: https://apidoc.cometapi.com/help-center?",
            required: false,
          },
        ],
      },
    ],
  },
  logging: {
    heading: "Logging fields to preserve",
    lead: "At minimum, preserve these fields for incident analysis:",
    fields: [
      { id: "request_timestamp", label: "request timestamp" },
      { id: "request_id", label: "request ID or trace ID" },
      { id: "tenant_id", label: "user or tenant identifier, anonymized where required" },
      { id: "route", label: "route or feature name" },
      { id: "primary_model", label: "primary model configured" },
      { id: "requested_model", label: "actual model requested" },
      { id: "fallback_model", label: "fallback model requested" },
      { id: "fallback_reason", label: "fallback reason" },
      { id: "retry_count", label: "retry count" },
      { id: "client_timeout_ms", label: "client timeout setting" },
      { id: "status_code", label: "status code or exception class" },
      { id: "latency_ms", label: "latency" },
      { id: "parse_result", label: "response parse result" },
      { id: "validation_result", label: "output validation result" },
      { id: "token_counts", label: "token counts if available from your integration" },
      { id: "feature_flags", label: "feature flag state" },
      { id: "deployment_version", label: "deployment version" },
    ],
    privacy:
      "Avoid storing raw user prompts unless your privacy, retention, and security policies explicitly allow it. Prefer prompt hashes, redacted excerpts, or structured classifications for incident review.",
  },
  patterns: {
    heading: "Safe fallback patterns",
    rulesLead: "Rules:",
    items: [
      {
        id: "BOUNDED_RETRY",
        name: "Bounded retry before fallback",
        useWhen: "Use when transient network errors are common and the operation is safe to retry.",
        rules: [
          { id: "selected-classes-only", text: "retry only on selected error classes" },
          { id: "cap-retries", text: "cap retry count" },
          { id: "jittered-backoff", text: "use jittered backoff" },
          {
            id: "no-duplicate-side-effects",
            text: "do not retry requests that may cause duplicated external side effects",
          },
          { id: "stable-request-id", text: "attach a stable request ID for observability" },
        ],
      },
      {
        id: "AFTER_VALIDATION_FAILURE",
        name: "Fallback after validation failure",
        useWhen: "Use when the primary model responds but fails your application’s output validator.",
        rules: [
          { id: "recoverable-only", text: "retry or fallback only if the validator failure is recoverable" },
          { id: "corrective-instruction", text: "include a shorter corrective instruction if appropriate" },
          { id: "cap-total-attempts", text: "cap total attempts across primary and fallback" },
          { id: "log-validator-category", text: "log the validator error category" },
        ],
      },
      {
        id: "DEGRADED_PROMPT_MODE",
        name: "Degraded prompt mode",
        useWhen: "Use when long context or optional tools increase timeout risk.",
        rules: [
          { id: "shorten-context", text: "shorten context" },
          {
            id: "disable-optional-tools",
            text: "disable optional retrieval or tools only if the user experience remains acceptable",
          },
          {
            id: "disclose-reduced-mode",
            text: "tell the user when a reduced mode affects the result, if your product policy requires disclosure",
          },
        ],
      },
      {
        id: "MANUAL_OPERATOR_CONTROLLED",
        name: "Manual operator-controlled fallback",
        useWhen: "Use when the blast radius is high.",
        rules: [
          { id: "commander-approval", text: "require incident commander approval" },
          { id: "change-ticket", text: "record the change ticket" },
          { id: "expiry-time", text: "set an expiry time" },
          { id: "monitor-increases", text: "monitor every traffic increase" },
          { id: "roll-back-when-stable", text: "roll back when the primary path is stable" },
        ],
      },
    ],
  },
  rollback: {
    heading: "Rollback checklist",
    conditionsLead: "Rollback fallback when any of these conditions occur:",
    conditions: [
      {
        id: "error-rate-worse",
        text: "fallback error rate is worse than the primary path for the active failure class",
      },
      { id: "validation-failures", text: "fallback responses fail schema or safety validation" },
      { id: "latency-breach", text: "fallback latency breaches the user-facing timeout budget" },
      { id: "downstream-rejects", text: "downstream systems reject fallback output" },
      { id: "not-observable", text: "the incident commander cannot observe fallback separately" },
      { id: "primary-recovered", text: "the primary path has recovered and passed a controlled ramp-up" },
    ],
    stepsLead: "Rollback steps:",
    steps: [
      { id: "freeze-ramp-up", text: "Freeze additional fallback ramp-up." },
      { id: "restore-primary-slice", text: "Restore primary routing for a small traffic slice." },
      { id: "compare-metrics", text: "Compare primary and fallback metrics." },
      { id: "increase-primary-gradually", text: "Increase primary traffic gradually." },
      {
        id: "keep-fallback-warm",
        text: "Keep fallback warm until the post-recovery observation window completes.",
      },
      { id: "close-override", text: "Close the feature flag or temporary override after review." },
    ],
  },
  artifacts: {
    heading: "Documentation artifacts to attach",
    lead: "Attach these items to the incident ticket:",
    kinds: [
      { id: "TIMELINE", label: "timeline of detection, mitigation, and recovery" },
      { id: "GRAPHS", label: "graph screenshots or dashboard links" },
      { id: "AFFECTED_SERVICES", label: "list of affected services and tenants" },
      { id: "REQUEST_CONFIGURATION", label: "CometAPI request configuration at time of incident" },
      { id: "MODEL_IDS", label: "primary and fallback model IDs from config" },
      { id: "SAMPLE_REQUEST_RESPONSE", label: "sample sanitized request and response" },
      { id: "ERROR_HISTOGRAM", label: "error-class histogram" },
      { id: "SUPPORT_CONTACTS", label: "support contacts or help-center references used" },
      { id: "CUSTOMER_IMPACT_STATEMENT", label: "final customer-impact statement" },
      { id: "FOLLOW_UP_OWNERS", label: "follow-up owners and due dates" },
    ],
  },
  faq: {
    heading: "FAQ",
    items: [
      {
        id: "always-right-response",
        question: "Is fallback always the right response to a chat-completions outage?",
        answer:
          "No. Fallback helps only when the secondary path addresses the actual failure mode and has acceptable behavior for the feature. Authentication errors, malformed requests, and bad client deployments usually require a fix or rollback rather than model fallback.",
      },
      {
        id: "retry-every-failure",
        question: "Should every failed request be retried?",
        answer:
          "No. Retries should be bounded and limited to safe error classes. Unbounded retries can increase load, delay recovery, and create duplicate side effects in workflows that call external systems.",
      },
      {
        id: "test-before-enabling",
        question: "What should we test before enabling fallback in production?",
        answer:
          "At minimum, test authentication, request shape, model configuration, latency, response parsing, output validation, logging, and rollback. Use a sanitized smoke prompt and confirm the request fields against the current CometAPI API reference.",
      },
      {
        id: "choose-thresholds",
        question: "How should we choose fallback thresholds?",
        answer:
          "Start with your own baseline metrics. Example thresholds, such as “two consecutive windows above normal timeout rate,” are only starting points. Tune them by traffic volume, user-impact tolerance, and the cost of false positives.",
      },
      {
        id: "same-prompt",
        question: "Should fallback use the same prompt?",
        answer:
          "Usually start with the same prompt for comparison, then adjust only if the fallback model requires a different format or your output validator shows systematic failures. Keep any fallback-specific prompt changes versioned and observable.",
      },
      {
        id: "where-runbook-lives",
        question: "Where should this runbook live?",
        answer:
          "Keep the operational copy near your on-call documentation, and link it from your reliability index. For this site’s editorial and publishing context, see /sites/llm-api-reliability/editorial/.",
      },
    ],
  },
  sources: {
    heading: "Sources checked",
    items: [
      {
        id: "docs-home",
        url: "https://apidoc.cometapi.com/",
        accessed: "2026-05-08",
        purpose:
          "confirm the public CometAPI documentation entry point to use as the source of truth for current platform and API guidance.",
      },
      {
        id: "api-reference",
        url: "https://apidoc.cometapi.com/api-13851472",
        accessed: "2026-05-08",
        purpose:
          "confirm the relevant API reference page to check current chat-completions request and response details before implementing or validating fallback behavior.",
      },
      {
        id: "help-center",
        url: "https://apidoc.cometapi.com/help-center",
        accessed: "2026-05-08",
        purpose:
          "identify the CometAPI help-center location for support and operational follow-up references during incident review.",
      },
    ],
  },
} as const satisfies TRunbookShape;

export type TRunbook = typeof runbook;

// ─── Id unions, derived from the data above ────────────────────────────────

type TSections = TRunbook["review"]["sections"][number];

export type TDetectionSourceId = TRunbook["incidentWindow"]["detectionSources"][number]["id"];
export type TFailureClassId = TRunbook["failureModes"]["classes"][number]["id"];
export type TSaferCriterionId = TRunbook["fallbackDecision"]["saferWhen"][number]["id"];
export type TPauseCriterionId = TRunbook["fallbackDecision"]["pauseWhen"][number]["id"];
export type TCriterionId = TSaferCriterionId | TPauseCriterionId;
export type TConfigItemId = TRunbook["steps"]["configuration"]["items"][number]["id"];
export type TSmokeCriterionId = TRunbook["steps"]["smokeRequest"]["criteria"][number]["id"];
export type TComparisonDimensionId = TRunbook["steps"]["comparison"]["dimensions"][number]["id"];
export type TRolloutStepId = TRunbook["steps"]["rollout"]["sequence"][number]["id"];
export type TThresholdId = TRunbook["steps"]["rollout"]["thresholds"][number]["id"];
export type TImpactMeasureId = TRunbook["steps"]["impact"]["measures"][number]["id"];
export type TSectionId = TSections["id"];
export type TQuestionId = TSections["questions"][number]["id"];
export type TLoggingFieldId = TRunbook["logging"]["fields"][number]["id"];
export type TPatternId = TRunbook["patterns"]["items"][number]["id"];
export type TRollbackConditionId = TRunbook["rollback"]["conditions"][number]["id"];
export type TRollbackStepId = TRunbook["rollback"]["steps"][number]["id"];
export type TArtifactKindId = TRunbook["artifacts"]["kinds"][number]["id"];
export type TFaqId = TRunbook["faq"]["items"][number]["id"];

export type TFailureClass = TRunbook["failureModes"]["classes"][number];
export type TCriterion = TRunbook["fallbackDecision"]["saferWhen" | "pauseWhen"][number];
export type TSmokeCriterion = TRunbook["steps"]["smokeRequest"]["criteria"][number];
export type TComparisonDimension = TRunbook["steps"]["comparison"]["dimensions"][number];
export type TImpactMeasure = TRunbook["steps"]["impact"]["measures"][number];
export type TLoggingField = TRunbook["logging"]["fields"][number];
export type TPattern = TRunbook["patterns"]["items"][number];
export type TArtifactKind = TRunbook["artifacts"]["kinds"][number];
export type TReviewSection = TSections;

/** A review question with the section it belongs to. */
export type TQuestion = TSections["questions"][number] & { readonly sectionId: TSectionId };

// ─── Id lists (runtime), in runbook order ──────────────────────────────────

function ids<T extends { readonly id: string }>(items: readonly T[]): readonly T["id"][] {
  return Object.freeze(items.map((item) => item.id));
}

export const DETECTION_SOURCE_IDS = ids(runbook.incidentWindow.detectionSources);
export const FAILURE_CLASS_IDS = ids(runbook.failureModes.classes);
export const SAFER_CRITERION_IDS = ids(runbook.fallbackDecision.saferWhen);
export const PAUSE_CRITERION_IDS = ids(runbook.fallbackDecision.pauseWhen);
export const CRITERION_IDS: readonly TCriterionId[] = Object.freeze([...SAFER_CRITERION_IDS, ...PAUSE_CRITERION_IDS]);
export const CONFIG_ITEM_IDS = ids(runbook.steps.configuration.items);
export const SMOKE_CRITERION_IDS = ids(runbook.steps.smokeRequest.criteria);
export const COMPARISON_DIMENSION_IDS = ids(runbook.steps.comparison.dimensions);
export const ROLLOUT_STEP_IDS = ids(runbook.steps.rollout.sequence);
export const THRESHOLD_IDS = ids(runbook.steps.rollout.thresholds);
export const IMPACT_MEASURE_IDS = ids(runbook.steps.impact.measures);
export const SECTION_IDS = ids(runbook.review.sections);
export const LOGGING_FIELD_IDS = ids(runbook.logging.fields);
export const PATTERN_IDS = ids(runbook.patterns.items);
export const ROLLBACK_CONDITION_IDS = ids(runbook.rollback.conditions);
export const ROLLBACK_STEP_IDS = ids(runbook.rollback.steps);
export const ARTIFACT_KIND_IDS = ids(runbook.artifacts.kinds);

const QUESTIONS: readonly TQuestion[] = Object.freeze(
  runbook.review.sections.flatMap((section) =>
    section.questions.map((question) => Object.freeze({ ...question, sectionId: section.id })),
  ),
);
const QUESTION_BY_ID: ReadonlyMap<string, TQuestion> = new Map(QUESTIONS.map((q) => [q.id, q]));

export const QUESTION_IDS: readonly TQuestionId[] = Object.freeze(QUESTIONS.map((q) => q.id));

// ─── Accessors ─────────────────────────────────────────────────────────────

/** All 23 review questions in runbook order, each tagged with its section. */
export function listQuestions(sectionId?: TSectionId): readonly TQuestion[] {
  return sectionId === undefined ? QUESTIONS : QUESTIONS.filter((q) => q.sectionId === sectionId);
}

/** Looks up a question by id; ids come from storage, so unknown ids are possible. */
export function findQuestion(id: string): TQuestion | undefined {
  return QUESTION_BY_ID.get(id);
}

export function isQuestionId(id: string): id is TQuestionId {
  return QUESTION_BY_ID.has(id);
}

export function requiredQuestionIds(): readonly TQuestionId[] {
  return QUESTIONS.filter((q) => q.required).map((q) => q.id);
}

function finder<T extends { readonly id: string }>(items: readonly T[]) {
  const byId = new Map<string, T>(items.map((item) => [item.id, item]));
  return {
    find: (id: string): T | undefined => byId.get(id),
    get: (id: T["id"]): T => {
      const item = byId.get(id);
      // Unreachable for typed callers; guards against a stale id cast from storage.
      if (item === undefined) throw new Error(`Unknown runbook id: ${id}`);
      return item;
    },
    is: (id: string): id is T["id"] => byId.has(id),
  };
}

const failureClasses = finder(runbook.failureModes.classes);
const criteria = finder<TCriterion>([...runbook.fallbackDecision.saferWhen, ...runbook.fallbackDecision.pauseWhen]);
const smokeCriteria = finder(runbook.steps.smokeRequest.criteria);
const dimensions = finder(runbook.steps.comparison.dimensions);
const measures = finder(runbook.steps.impact.measures);
const loggingFields = finder(runbook.logging.fields);
const patterns = finder(runbook.patterns.items);
const artifactKinds = finder(runbook.artifacts.kinds);
const detectionSources = finder(runbook.incidentWindow.detectionSources);

export const getFailureClass = (id: TFailureClassId): TFailureClass => failureClasses.get(id);
export const findFailureClass = failureClasses.find;
export const isFailureClassId = failureClasses.is;
export const getCriterion = (id: TCriterionId): TCriterion => criteria.get(id);
export const isCriterionId = criteria.is;
export const isSaferCriterionId = (id: string): id is TSaferCriterionId =>
  (SAFER_CRITERION_IDS as readonly string[]).includes(id);
export const isPauseCriterionId = (id: string): id is TPauseCriterionId =>
  (PAUSE_CRITERION_IDS as readonly string[]).includes(id);
export const getSmokeCriterion = (id: TSmokeCriterionId): TSmokeCriterion => smokeCriteria.get(id);
export const getComparisonDimension = (id: TComparisonDimensionId): TComparisonDimension => dimensions.get(id);
export const getImpactMeasure = (id: TImpactMeasureId): TImpactMeasure => measures.get(id);
export const isImpactMeasureId = measures.is;
export const getLoggingField = (id: TLoggingFieldId): TLoggingField => loggingFields.get(id);
export const isLoggingFieldId = loggingFields.is;
export const getPattern = (id: TPatternId): TPattern => patterns.get(id);
export const getArtifactKind = (id: TArtifactKindId): TArtifactKind => artifactKinds.get(id);
export const isArtifactKindId = artifactKinds.is;
export const getDetectionSource = (id: TDetectionSourceId) => detectionSources.get(id);
export const isDetectionSourceId = detectionSources.is;

// ─── Answerable checklists ─────────────────────────────────────────────────
// Stored answers reference (checklistId, itemId); this registry is the one
// place those pairs are defined so storage and UI cannot drift apart.

export type TChecklist = {
  readonly id: string;
  readonly title: string;
  readonly lead: string;
  readonly items: readonly TTextItem[];
};

export const CHECKLISTS = Object.freeze([
  {
    id: "fallback-safer-when",
    title: runbook.fallbackDecision.heading,
    lead: runbook.fallbackDecision.saferWhenLead,
    items: runbook.fallbackDecision.saferWhen,
  },
  {
    id: "fallback-paused-when",
    title: runbook.fallbackDecision.heading,
    lead: runbook.fallbackDecision.pauseWhenLead,
    items: runbook.fallbackDecision.pauseWhen,
  },
  {
    id: "configuration",
    title: runbook.steps.configuration.heading,
    lead: runbook.steps.configuration.lead,
    items: runbook.steps.configuration.items,
  },
  {
    id: "rollout-sequence",
    title: runbook.steps.rollout.heading,
    lead: runbook.steps.rollout.sequenceLead,
    items: runbook.steps.rollout.sequence,
  },
  ...runbook.patterns.items.map((pattern) => ({
    id: `pattern-${pattern.id}`,
    title: pattern.name,
    lead: runbook.patterns.rulesLead,
    items: pattern.rules,
  })),
  {
    id: "rollback-conditions",
    title: runbook.rollback.heading,
    lead: runbook.rollback.conditionsLead,
    items: runbook.rollback.conditions,
  },
  {
    id: "rollback-steps",
    title: runbook.rollback.heading,
    lead: runbook.rollback.stepsLead,
    items: runbook.rollback.steps,
  },
] satisfies TChecklist[]);

export function findChecklist(id: string): TChecklist | undefined {
  return CHECKLISTS.find((checklist) => checklist.id === id);
}
