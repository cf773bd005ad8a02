/** Pages of one incident to revalidate after a write ("" = the overview). */
export function incidentPaths(key: string, ...slugs: string[]): string[] {
  return slugs.map((slug) => (slug ? `/incidents/${key}/${slug}` : `/incidents/${key}`));
}
