/**
 * The radio buttons that choose a request type, one per type with its label in the page's
 * language; shared by the signed-in privacy center and the visitor's email request form.
 */
import { text, type Lang } from '../../kit/web/i18n.ts';
import { typeLabels } from './privacy-center.messages.ts';
import type { RequestType } from '../engine/rights.ts';

export function RequestTypeChoices(props: {
  types: readonly RequestType[];
  checked: RequestType | undefined;
  lang: Lang;
}) {
  return (
    <>
      {props.types.map((type) => (
        <div>
          <input
            type="radio"
            name="type"
            id={`type-${type}`}
            value={type}
            checked={type === props.checked}
          />
          <label for={`type-${type}`} class="inline">
            {text(typeLabels[type], props.lang)}
          </label>
        </div>
      ))}
    </>
  );
}
