/** A small hand-made thread for frame tests: long lines, tabs, a diff, quoted blocks, a recovered voice and a ghost. */
import type { StoredMessage, StoredThread } from '../../src/store/types.js';
import type { TuiSource } from '../../src/ui/types.js';

const longLine =
  'This sentence is deliberately much longer than any pane of an eighty column terminal could hold on one row, so the pager has to wrap it and the last words are WRAPPED-TAIL.';

const patchBody = [
  'Flush CPU caches on DMA pages before mapping them into a non-coherent domain.',
  '',
  longLine,
  '',
  'Signed-off-by: Yan Zhao <yan.y.zhao@intel.com>',
  '---',
  ' drivers/iommu/iommufd/pages.c | 3 ++-',
  ' 1 file changed, 2 insertions(+), 1 deletion(-)',
  '',
  'diff --git a/drivers/iommu/iommufd/pages.c b/drivers/iommu/iommufd/pages.c',
  'index 1111111..2222222 100644',
  '--- a/drivers/iommu/iommufd/pages.c',
  '+++ b/drivers/iommu/iommufd/pages.c',
  '@@ -10,6 +10,7 @@ static int iopt_area_fill_domain(struct iopt_area *area)',
  ' \tstruct iopt_pages *pages = area->pages;',
  '-\tif (!pages)\t\t/* nothing to map, and this comment runs on well past the edge of the pane */',
  '+\tif (!pages || area->storage_domain_is_noncoherent)\t\t/* TABBED-TAIL */',
  '+\t\treturn -EINVAL;',
  ' \treturn 0;',
  ...Array.from({ length: 40 }, (_, i) => ` \t/* context line ${i + 1} */`),
  ' }',
  '-- ',
  '2.34.1',
  'END-OF-PATCH',
].join('\n');

const replyBody = [
  'On Tue, May 07, 2024 at 02:22:12PM +0800, Yan Zhao wrote:',
  ...Array.from({ length: 10 }, (_, i) => `> quoted line ${i + 1} of the patch`),
  '',
  'I think it would be nicer to put this in iopt_table_remove_domain().',
  '',
  '> a second quote, short',
  '',
  'Jason',
].join('\n');

function message(m: Partial<StoredMessage> & Pick<StoredMessage, 'key' | 'subject' | 'body'>): StoredMessage {
  return {
    messageId: `${m.key}@example.org`,
    parent: null,
    threadId: 't1',
    author: { name: 'Yan Zhao', email: 'yan.y.zhao@intel.com' },
    date: '2024-05-07T14:22:12+08:00',
    reconstructed: false,
    ghost: false,
    source: { file: 'fixture', offset: 0 },
    patch: null,
    ...m,
  };
}

export const fixtureThread: StoredThread = {
  id: 't1',
  subject: '[PATCH 1/2] iommufd: Flush CPU caches on DMA pages',
  messages: [
    message({
      key: 'm1',
      subject: '[PATCH 1/2] iommufd: Flush CPU caches on DMA pages',
      body: patchBody,
      patch: {
        files: [{ path: 'drivers/iommu/iommufd/pages.c', oldPath: null, added: 2, deleted: 1, hunks: [] }],
        added: 2,
        deleted: 1,
        diffstat: null,
        origin: 'inline',
      },
    }),
    message({
      key: 'm2',
      parent: 'm1',
      subject: 'Re: [PATCH 1/2] iommufd: Flush CPU caches on DMA pages',
      author: { name: 'Jason Gunthorpe', email: 'jgg@nvidia.com' },
      date: '2024-05-09T11:13:00-03:00',
      body: replyBody,
    }),
    message({
      key: 'm3',
      parent: 'm2',
      subject: 'Re: iommufd: a different question',
      author: { name: 'Kevin Tian', email: null },
      date: null,
      reconstructed: true,
      body: 'A voice recovered from the quotes of a later reply.',
    }),
    message({
      key: 'g1',
      parent: 'm1',
      subject: '',
      body: '',
      author: { name: null, email: null },
      date: null,
      ghost: true,
    }),
    message({
      key: 'm4',
      parent: 'm1',
      subject: '[PATCH 2/2] vfio/type1: Flush CPU caches on DMA pages',
      body: 'The second patch.',
      patch: { files: [], added: 0, deleted: 0, diffstat: null, origin: 'inline' },
    }),
  ],
};

export const fixtureSource: TuiSource = {
  threads: [
    {
      id: 't1',
      subject: fixtureThread.subject,
      messages: 5,
      reconstructed: 1,
      people: ['Yan Zhao', 'Jason Gunthorpe'],
      first: '2024-05-07T14:22:12+08:00',
      last: '2024-05-09T11:13:00-03:00',
    },
  ],
  loadThread: (id) => (id === 't1' ? fixtureThread : null),
  extraction: () => ({ items: [], options: [] }),
  // The store's search is tested on a real database (search.test.tsx); frames need only something that answers.
  search: () => [],
  series: () => [],
  resolve: (ref) => (ref === 't1' ? { threadId: 't1', messageKey: null } : null),
};
