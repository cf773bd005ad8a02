export * from "@/lib/privacy/hash";
export * from "@/lib/privacy/policy";
export * from "@/lib/privacy/redact";
