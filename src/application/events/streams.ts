/** Stream names: `<category>-<id>`; the category has no dash, ids may. */
export type Category = 'campaign' | 'contact' | 'agent';

export const streamOf = {
  campaign: (id: string) => `campaign-${id}`,
  contact: (id: string) => `contact-${id}`,
  agent: (id: string) => `agent-${id}`,
} as const;

export function parseStreamId(streamId: string): { category: Category; id: string } | undefined {
  const dash = streamId.indexOf('-');
  if (dash <= 0) return undefined;
  const category = streamId.slice(0, dash);
  if (category !== 'campaign' && category !== 'contact' && category !== 'agent') return undefined;
  return { category, id: streamId.slice(dash + 1) };
}

/** Ids we accept from outside: safe in stream names, URLs and logs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
