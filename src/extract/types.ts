/** Items and options, in the shape of ../shared/design/CONTRACT.md. */
export type ItemKind = 'proposal' | 'concern' | 'question' | 'support' | 'oppose' | 'review';

export interface Item {
  readonly id: string;
  readonly kind: ItemKind;
  readonly thread: string;
  /** Key of the message whose own words these are. */
  readonly message: string;
  readonly author: string | null;
  readonly date: string | null;
  readonly text: string;
  /** Id of the item this one answers. */
  readonly target: string | null;
  readonly file: string | null;
  readonly hunk: string | null;
  readonly option: string | null;
  /** Code identifiers mentioned (functions, struct fields, flags). */
  readonly identifiers: readonly string[];
}

export type OptionStatus = 'supported' | 'opposed' | 'superseded' | 'open';

export interface DesignOption {
  readonly id: string;
  readonly thread: string;
  readonly title: string;
  readonly items: readonly string[];
  readonly policy: string | null;
  readonly status: OptionStatus;
  /** Option id that superseded this one, when status is 'superseded'. */
  readonly supersededBy: string | null;
}

export interface Extraction {
  readonly items: readonly Item[];
  readonly options: readonly DesignOption[];
}
