/** Patches found in a message, in the shape of the export contract. */
export interface Hunk {
  readonly header: string; // the full "@@ -a,b +c,d @@ section" line
  readonly section: string | null; // text after the second "@@", or null
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly added: number;
  readonly deleted: number;
}

export interface PatchFile {
  readonly path: string;
  readonly oldPath: string | null;
  readonly added: number;
  readonly deleted: number;
  readonly hunks: readonly Hunk[];
  /** How git describes the change; absent means "modified" (optional so older producers stay valid). */
  readonly status?: 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';
  /** True for "Binary files ... differ" and "GIT binary patch": no hunks, no line counts. */
  readonly binary?: boolean;
}

export interface Trailer {
  readonly kind: string; // "Signed-off-by", "Reviewed-by", ...
  readonly name: string | null;
  readonly email: string | null;
  readonly raw: string;
}

/** `[PATCH v3 2/5]` and friends, parsed from the subject. */
export interface SeriesTag {
  readonly version: number; // 1 when absent
  readonly index: number | null; // 2 in 2/5; 0 for a cover letter
  readonly total: number | null; // 5 in 2/5
  readonly rfc: boolean;
  readonly prefixes: readonly string[]; // e.g. ["PATCH", "RFC", "net-next"]
}

export interface Patch {
  readonly files: readonly PatchFile[];
  readonly added: number;
  readonly deleted: number;
  /** From the diffstat summary ("4 files changed, 65 insertions(+), 4 deletions(-)"), when present. */
  readonly diffstat: { readonly files: number; readonly added: number; readonly deleted: number } | null;
  /** Where the patch came from. */
  readonly origin: 'inline' | 'attachment';
}
