import { Fragment, type ReactNode, type SelectHTMLAttributes } from "react";
import { controlClasses, FieldShell } from "./field";

export type SelectOption = { value: string; label: string; /** options sharing a group are listed under its heading (optgroup) */ group?: string };

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  error?: string;
  hint?: ReactNode;
  options: readonly SelectOption[];
};

/** The options, under an optgroup per `group` (in order of first appearance) when any option has one. */
export function SelectOptions({ options }: { options: readonly SelectOption[] }) {
  const render = (o: SelectOption) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  if (!options.some((o) => o.group)) return <>{options.map(render)}</>;
  const groups = [...new Set(options.map((o) => o.group))];
  return (
    <>
      {groups.map((g) =>
        g === undefined ? (
          <Fragment key="">{options.filter((o) => o.group === undefined).map(render)}</Fragment>
        ) : (
          <optgroup key={g} label={g}>
            {options.filter((o) => o.group === g).map(render)}
          </optgroup>
        ),
      )}
    </>
  );
}

export function Select({ label, error, hint, className, options, ...select }: SelectProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {(control) => (
        <select {...select} {...control} className={controlClasses}>
          <SelectOptions options={options} />
        </select>
      )}
    </FieldShell>
  );
}
