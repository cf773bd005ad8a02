-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'COMMANDER', 'VIEWER');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('READ', 'READ_WRITE');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('SEV1', 'SEV2', 'SEV3', 'SEV4');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('INVESTIGATING', 'MITIGATING', 'MONITORING', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "DetectionSource" AS ENUM ('ALERT', 'CUSTOMER_REPORT', 'SYNTHETIC_TEST', 'INTERNAL_DASHBOARD', 'PROVIDER_STATUS_REVIEW');

-- CreateEnum
CREATE TYPE "FallbackMode" AS ENUM ('AUTOMATIC', 'MANUAL', 'NOT_TRIGGERED');

-- CreateEnum
CREATE TYPE "FailureClass" AS ENUM ('AUTH', 'VALIDATION_4XX', 'RATE_LIMIT_429', 'UPSTREAM_5XX', 'TIMEOUT', 'QUALITY_REGRESSION');

-- CreateEnum
CREATE TYPE "RequestClass" AS ENUM ('OK', 'AUTH', 'VALIDATION_4XX', 'RATE_LIMIT_429', 'UPSTREAM_5XX', 'TIMEOUT', 'QUALITY_REGRESSION');

-- CreateEnum
CREATE TYPE "ClassRole" AS ENUM ('PRIMARY', 'SECONDARY');

-- CreateEnum
CREATE TYPE "RequestPath" AS ENUM ('PRIMARY', 'FALLBACK');

-- CreateEnum
CREATE TYPE "DataSource" AS ENUM ('MANUAL', 'IMPORT', 'LIVE');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('ALLOWED', 'LIMITED', 'BLOCKED');

-- CreateEnum
CREATE TYPE "SnapshotLabel" AS ENUM ('INCIDENT_START', 'DURING_MITIGATION', 'AFTER', 'OTHER');

-- CreateEnum
CREATE TYPE "ImpactMeasureKind" AS ENUM ('CUSTOMER_VISIBLE_ERROR_RATE', 'QUEUE_DEPTH', 'TIMEOUT_COUNT', 'SUCCESSFUL_COMPLETION_COUNT', 'SUPPORT_TICKET_VOLUME', 'USER_RETRY_BEHAVIOR', 'FEATURE_BUSINESS_METRIC');

-- CreateEnum
CREATE TYPE "ImpactPhase" AS ENUM ('BEFORE', 'DURING', 'AFTER');

-- CreateEnum
CREATE TYPE "TimelineEventKind" AS ENUM ('DETECTION', 'ALERT', 'DEPLOYMENT_OR_CHANGE', 'MITIGATION', 'FALLBACK_CHANGE', 'ROLLBACK', 'RECOVERY', 'CUSTOMER_COMMUNICATION', 'NOTE');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'WONT_DO');

-- CreateEnum
CREATE TYPE "ArtifactKind" AS ENUM ('TIMELINE', 'GRAPHS', 'AFFECTED_SERVICES', 'REQUEST_CONFIGURATION', 'MODEL_IDS', 'SAMPLE_REQUEST_RESPONSE', 'ERROR_HISTOGRAM', 'SUPPORT_CONTACTS', 'CUSTOMER_IMPACT_STATEMENT', 'FOLLOW_UP_OWNERS');

-- CreateEnum
CREATE TYPE "ArtifactState" AS ENUM ('ATTACHED', 'LINKED', 'NOT_APPLICABLE', 'MISSING');

-- CreateEnum
CREATE TYPE "LinkKind" AS ENUM ('DASHBOARD', 'SUPPORT', 'HELP_CENTER', 'TICKET', 'OTHER');

-- CreateEnum
CREATE TYPE "LogFormat" AS ENUM ('CSV', 'JSONL', 'LITELLM', 'OTEL');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE');

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabledAt" TIMESTAMPTZ(3),
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "timeZone" TEXT,
    "teamId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scope" "TokenScope" NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstallationSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "hmacSecret" TEXT NOT NULL,
    "pseudonymizeIdentifiers" BOOLEAN NOT NULL DEFAULT true,
    "requireReadinessForExport" BOOLEAN NOT NULL DEFAULT false,
    "allowedOutboundHosts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "maxImportBytes" BIGINT NOT NULL DEFAULT 2147483648,
    "maxLineBytes" INTEGER NOT NULL DEFAULT 1048576,
    "maxUploadBytes" INTEGER NOT NULL DEFAULT 10485760,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InstallationSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentKeyCounter" (
    "year" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,

    CONSTRAINT "IncidentKeyCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'INVESTIGATING',
    "teamId" TEXT,
    "degradationStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "detectedAt" TIMESTAMPTZ(3),
    "detectionSource" "DetectionSource",
    "mitigatedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "currentStatusNote" TEXT,
    "affectedRoutes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "affectedServices" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "affectedTenants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "affectedRegions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "affectedFeatures" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "primaryModelAlias" TEXT,
    "primaryModelResolvedId" TEXT,
    "fallbackModelAlias" TEXT,
    "fallbackModelResolvedId" TEXT,
    "fallbackMode" "FallbackMode" NOT NULL DEFAULT 'NOT_TRIGGERED',
    "commanderId" TEXT,
    "primarySymptom" TEXT,
    "fallbackAction" TEXT,
    "rollbackCondition" TEXT,
    "customerImpactStatement" TEXT,
    "businessMetricLabel" TEXT,
    "baselineTimeoutRate" DOUBLE PRECISION,
    "baselineErrorRate" DOUBLE PRECISION,
    "observationWindowMinutes" INTEGER NOT NULL DEFAULT 5,
    "userFacingTimeoutBudgetMs" INTEGER,
    "taskSpecificValidationDone" BOOLEAN NOT NULL DEFAULT false,
    "runbookVersion" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentFailureClass" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "failureClass" "FailureClass" NOT NULL,
    "role" "ClassRole" NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentFailureClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistogramBucket" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "source" "DataSource" NOT NULL DEFAULT 'MANUAL',
    "importId" TEXT,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "windowEnd" TIMESTAMPTZ(3) NOT NULL,
    "path" "RequestPath" NOT NULL,
    "requestClass" "RequestClass" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "HistogramBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FallbackDecision" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "computedVerdict" "Verdict" NOT NULL,
    "overrideVerdict" "Verdict",
    "overrideReason" TEXT,
    "overriddenById" TEXT,
    "overriddenAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FallbackDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistAnswer" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "checklistId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "checked" BOOLEAN,
    "note" TEXT,
    "occurredAt" TIMESTAMPTZ(3),
    "byUserId" TEXT,
    "runbookVersion" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChecklistAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigSnapshot" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "label" "SnapshotLabel" NOT NULL,
    "labelNote" TEXT,
    "baseUrl" TEXT NOT NULL,
    "primaryModelAlias" TEXT,
    "primaryModelResolvedId" TEXT,
    "fallbackModelAlias" TEXT,
    "fallbackModelResolvedId" TEXT,
    "clientTimeoutMs" INTEGER,
    "retryCount" INTEGER,
    "retryBackoff" TEXT,
    "maxTokens" INTEGER,
    "featureFlags" JSONB NOT NULL DEFAULT '{}',
    "loggedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "apiKeyEnvVar" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmokeTestRun" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "snapshotId" TEXT,
    "sequence" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "path" "RequestPath" NOT NULL,
    "model" TEXT NOT NULL,
    "systemMessage" TEXT NOT NULL,
    "userMessage" TEXT NOT NULL,
    "expectedJson" TEXT,
    "temperature" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "maxTokens" INTEGER NOT NULL,
    "source" "DataSource" NOT NULL,
    "statusCode" INTEGER,
    "exceptionClass" TEXT,
    "latencyMs" INTEGER,
    "responseShape" TEXT,
    "outputParses" BOOLEAN,
    "matchesExpected" BOOLEAN,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "totalTokens" INTEGER,
    "requestIdEchoed" BOOLEAN,
    "retryCount" INTEGER,
    "criteria" JSONB NOT NULL DEFAULT '{}',
    "ranAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ranById" TEXT,

    CONSTRAINT "SmokeTestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PathComparison" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "promptLabel" TEXT NOT NULL,
    "source" "DataSource" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PathComparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComparisonSide" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "path" "RequestPath" NOT NULL,
    "smokeRunId" TEXT,
    "statusOrException" TEXT,
    "latencyMs" INTEGER,
    "bodyShape" TEXT,
    "parseable" BOOLEAN,
    "totalTokens" INTEGER,
    "retryCount" INTEGER,
    "requestIdPropagated" BOOLEAN,

    CONSTRAINT "ComparisonSide_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutStep" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "trafficPercent" DOUBLE PRECISION NOT NULL,
    "scope" TEXT NOT NULL,
    "approverName" TEXT,
    "approverId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObservationWindow" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "source" "DataSource" NOT NULL DEFAULT 'MANUAL',
    "importId" TEXT,
    "path" "RequestPath" NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "windowEnd" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "timeouts" INTEGER NOT NULL,
    "validationFailures" INTEGER NOT NULL,
    "p50LatencyMs" INTEGER,
    "p95LatencyMs" INTEGER,
    "p99LatencyMs" INTEGER,
    "activeClassErrors" INTEGER,

    CONSTRAINT "ObservationWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FallbackApproval" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "changeTicket" TEXT NOT NULL,
    "approvedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FallbackApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImpactMeasure" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "measure" "ImpactMeasureKind" NOT NULL,
    "phase" "ImpactPhase" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT NOT NULL,
    "note" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ImpactMeasure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionAnswer" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "runbookVersion" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "QuestionAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" "TimelineEventKind" NOT NULL,
    "description" TEXT NOT NULL,
    "trafficPercent" DOUBLE PRECISION,
    "authorId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "ownerExternalName" TEXT,
    "dueDate" DATE,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "ticketUrl" TEXT,
    "sourceSectionId" TEXT,
    "sourceQuestionId" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" "ArtifactKind" NOT NULL,
    "state" "ArtifactState" NOT NULL DEFAULT 'MISSING',
    "notApplicableReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "artifactKind" "ArtifactKind",
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArtifactLink" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "artifactKind" "ArtifactKind",
    "kind" "LinkKind" NOT NULL DEFAULT 'OTHER',
    "url" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArtifactLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogImport" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" "LogFormat" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "byClass" JSONB NOT NULL DEFAULT '{}',
    "byPath" JSONB NOT NULL DEFAULT '{}',
    "privacyReport" JSONB NOT NULL DEFAULT '{}',
    "rejectedLines" JSONB NOT NULL DEFAULT '[]',
    "mapping" JSONB,
    "error" TEXT,
    "createdById" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LogImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestLogRow" (
    "id" BIGSERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "requestId" TEXT,
    "userHash" TEXT,
    "tenantHash" TEXT,
    "route" TEXT,
    "primaryModel" TEXT,
    "requestedModel" TEXT,
    "fallbackModel" TEXT,
    "fallbackReason" TEXT,
    "path" "RequestPath" NOT NULL,
    "retryCount" INTEGER,
    "clientTimeoutMs" INTEGER,
    "statusCode" INTEGER,
    "exceptionClass" TEXT,
    "latencyMs" INTEGER,
    "parseOk" BOOLEAN,
    "validationOk" BOOLEAN,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "totalTokens" INTEGER,
    "featureFlags" TEXT,
    "deploymentVersion" TEXT,
    "promptHash" TEXT,
    "requestClass" "RequestClass" NOT NULL,

    CONSTRAINT "RequestLogRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ColumnMappingPreset" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "signature" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ColumnMappingPreset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "field" TEXT,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");

-- CreateIndex
CREATE INDEX "SignInAttempt_email_createdAt_idx" ON "SignInAttempt"("email", "createdAt");

-- CreateIndex
CREATE INDEX "SignInAttempt_ip_createdAt_idx" ON "SignInAttempt"("ip", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_key_key" ON "Incident"("key");

-- CreateIndex
CREATE INDEX "Incident_degradationStartedAt_idx" ON "Incident"("degradationStartedAt");

-- CreateIndex
CREATE INDEX "Incident_severity_degradationStartedAt_idx" ON "Incident"("severity", "degradationStartedAt");

-- CreateIndex
CREATE INDEX "Incident_status_idx" ON "Incident"("status");

-- CreateIndex
CREATE INDEX "Incident_commanderId_idx" ON "Incident"("commanderId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentFailureClass_incidentId_failureClass_key" ON "IncidentFailureClass"("incidentId", "failureClass");

-- CreateIndex
CREATE INDEX "HistogramBucket_importId_idx" ON "HistogramBucket"("importId");

-- CreateIndex
CREATE UNIQUE INDEX "HistogramBucket_incidentId_source_windowStart_path_requestC_key" ON "HistogramBucket"("incidentId", "source", "windowStart", "path", "requestClass");

-- CreateIndex
CREATE UNIQUE INDEX "FallbackDecision_incidentId_key" ON "FallbackDecision"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistAnswer_incidentId_checklistId_itemId_key" ON "ChecklistAnswer"("incidentId", "checklistId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigSnapshot_incidentId_versionNumber_key" ON "ConfigSnapshot"("incidentId", "versionNumber");

-- CreateIndex
CREATE UNIQUE INDEX "SmokeTestRun_incidentId_sequence_key" ON "SmokeTestRun"("incidentId", "sequence");

-- CreateIndex
CREATE INDEX "PathComparison_incidentId_idx" ON "PathComparison"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonSide_comparisonId_path_key" ON "ComparisonSide"("comparisonId", "path");

-- CreateIndex
CREATE INDEX "RolloutStep_incidentId_occurredAt_idx" ON "RolloutStep"("incidentId", "occurredAt");

-- CreateIndex
CREATE INDEX "ObservationWindow_importId_idx" ON "ObservationWindow"("importId");

-- CreateIndex
CREATE UNIQUE INDEX "ObservationWindow_incidentId_source_path_windowStart_key" ON "ObservationWindow"("incidentId", "source", "path", "windowStart");

-- CreateIndex
CREATE INDEX "FallbackApproval_incidentId_idx" ON "FallbackApproval"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "ImpactMeasure_incidentId_measure_phase_key" ON "ImpactMeasure"("incidentId", "measure", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionAnswer_incidentId_questionId_key" ON "QuestionAnswer"("incidentId", "questionId");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_occurredAt_idx" ON "TimelineEvent"("incidentId", "occurredAt");

-- CreateIndex
CREATE INDEX "FollowUp_incidentId_idx" ON "FollowUp"("incidentId");

-- CreateIndex
CREATE INDEX "FollowUp_status_dueDate_idx" ON "FollowUp"("status", "dueDate");

-- CreateIndex
CREATE INDEX "FollowUp_ownerUserId_status_idx" ON "FollowUp"("ownerUserId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Artifact_incidentId_kind_key" ON "Artifact"("incidentId", "kind");

-- CreateIndex
CREATE INDEX "Attachment_incidentId_idx" ON "Attachment"("incidentId");

-- CreateIndex
CREATE INDEX "ArtifactLink_incidentId_idx" ON "ArtifactLink"("incidentId");

-- CreateIndex
CREATE INDEX "LogImport_incidentId_sha256_idx" ON "LogImport"("incidentId", "sha256");

-- CreateIndex
CREATE INDEX "RequestLogRow_incidentId_ts_idx" ON "RequestLogRow"("incidentId", "ts");

-- CreateIndex
CREATE INDEX "RequestLogRow_importId_idx" ON "RequestLogRow"("importId");

-- CreateIndex
CREATE UNIQUE INDEX "ColumnMappingPreset_teamId_signature_key" ON "ColumnMappingPreset"("teamId", "signature");

-- CreateIndex
CREATE INDEX "AuditLog_incidentId_createdAt_idx" ON "AuditLog"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_commanderId_fkey" FOREIGN KEY ("commanderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentFailureClass" ADD CONSTRAINT "IncidentFailureClass_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistogramBucket" ADD CONSTRAINT "HistogramBucket_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistogramBucket" ADD CONSTRAINT "HistogramBucket_importId_fkey" FOREIGN KEY ("importId") REFERENCES "LogImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackDecision" ADD CONSTRAINT "FallbackDecision_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackDecision" ADD CONSTRAINT "FallbackDecision_overriddenById_fkey" FOREIGN KEY ("overriddenById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistAnswer" ADD CONSTRAINT "ChecklistAnswer_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistAnswer" ADD CONSTRAINT "ChecklistAnswer_byUserId_fkey" FOREIGN KEY ("byUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigSnapshot" ADD CONSTRAINT "ConfigSnapshot_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigSnapshot" ADD CONSTRAINT "ConfigSnapshot_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmokeTestRun" ADD CONSTRAINT "SmokeTestRun_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmokeTestRun" ADD CONSTRAINT "SmokeTestRun_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "ConfigSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmokeTestRun" ADD CONSTRAINT "SmokeTestRun_ranById_fkey" FOREIGN KEY ("ranById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PathComparison" ADD CONSTRAINT "PathComparison_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonSide" ADD CONSTRAINT "ComparisonSide_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "PathComparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutStep" ADD CONSTRAINT "RolloutStep_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObservationWindow" ADD CONSTRAINT "ObservationWindow_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObservationWindow" ADD CONSTRAINT "ObservationWindow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "LogImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackApproval" ADD CONSTRAINT "FallbackApproval_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackApproval" ADD CONSTRAINT "FallbackApproval_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpactMeasure" ADD CONSTRAINT "ImpactMeasure_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionAnswer" ADD CONSTRAINT "QuestionAnswer_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionAnswer" ADD CONSTRAINT "QuestionAnswer_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArtifactLink" ADD CONSTRAINT "ArtifactLink_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogImport" ADD CONSTRAINT "LogImport_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogImport" ADD CONSTRAINT "LogImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestLogRow" ADD CONSTRAINT "RequestLogRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "LogImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ColumnMappingPreset" ADD CONSTRAINT "ColumnMappingPreset_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
