import type { KnowledgeArticleView } from '@parley/contracts';
import { parseTags } from './article.dialog';
import { searchArticles } from './knowledge.page';

const a = (id: string, title: string, body: string, tags: string[] = []): KnowledgeArticleView => ({
  id,
  title,
  body,
  tags,
  published: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('knowledge base', () => {
  const list = [a('1', 'AC tune-up', 'Costs $129', ['hvac']), a('2', 'Cancellation policy', 'Free up to 24 hours before', ['booking'])];

  it('finds articles holding every word, in title, body or tags', () => {
    expect(searchArticles(list, '').map((x) => x.id)).toEqual(['1', '2']);
    expect(searchArticles(list, 'HVAC costs').map((x) => x.id)).toEqual(['1']);
    expect(searchArticles(list, 'booking free').map((x) => x.id)).toEqual(['2']);
    expect(searchArticles(list, 'plumbing')).toEqual([]);
  });

  it('reads comma-separated tags once each', () => {
    expect(parseTags(' pricing, boilers,,pricing ')).toEqual(['pricing', 'boilers']);
  });
});
