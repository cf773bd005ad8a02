export function formatIncidentKey(year: number, seq: number): string {
  return `INC-${year}-${String(seq).padStart(4, "0")}`;
}

export function parseIncidentKey(key: string): { year: number; seq: number } | null {
  const m = /^INC-(\d{4})-(\d{4,})$/.exec(key);
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : null;
}
