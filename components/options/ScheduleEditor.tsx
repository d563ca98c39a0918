// Zoho's Scheduled Sync: every few hours, daily, weekly on chosen days or monthly on chosen dates,
// at a time of day in this computer's time zone.
import type { Schedule } from '@/lib/config/schema';
import { Field, FieldErrors } from './Field';
import { errorId, fieldId } from './issues';
import { WEEKDAY_ORDER, WEEKDAYS } from './labels';

export interface ScheduleDraft {
  enabled: boolean;
  frequency: Schedule['frequency'];
  everyHours: string;
  time: string;
  weekdays: number[];
  monthDates: number[];
}

interface ScheduleEditorProps {
  draft: ScheduleDraft;
  errorsAt: (path: string) => readonly string[] | undefined;
  onChange: (draft: ScheduleDraft) => void;
}

const P = 'settings.schedule';
const DATES = Array.from({ length: 31 }, (_, i) => i + 1);

export function ScheduleEditor({ draft, errorsAt, onChange }: ScheduleEditorProps) {
  const set = (change: Partial<ScheduleDraft>) => onChange({ ...draft, ...change });
  const toggle = (list: number[], n: number, on: boolean) => (on ? [...list, n].sort((a, b) => a - b) : list.filter((x) => x !== n));
  const weekdayErrors = errorsAt(`${P}.weekdays`);
  const dateErrors = errorsAt(`${P}.monthDates`);

  return (
    <div class="stack">
      <label class="choice">
        <input id={fieldId(`${P}.enabled`)} type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        <span>Sync on a schedule</span>
      </label>
      {draft.enabled && (
        <div class="schedule">
          <div class="inline-fields">
            <Field path={`${P}.frequency`} label="Frequency" errors={errorsAt(`${P}.frequency`)}>
              {(control) => (
                <select {...control} value={draft.frequency} onChange={(e) => set({ frequency: e.currentTarget.value as Schedule['frequency'] })}>
                  <option value="hourly">Every few hours</option>
                  <option value="daily">Daily</option>
                  <option value="weekly">Weekly</option>
                  <option value="monthly">Monthly</option>
                </select>
              )}
            </Field>
            {draft.frequency === 'hourly' && (
              <Field path={`${P}.everyHours`} label="Every how many hours" errors={errorsAt(`${P}.everyHours`)}>
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={1}
                    max={24}
                    step={1}
                    inputMode="numeric"
                    class="narrow"
                    value={draft.everyHours}
                    onInput={(e) => set({ everyHours: e.currentTarget.value })}
                  />
                )}
              </Field>
            )}
            <Field
              path={`${P}.time`}
              label={draft.frequency === 'hourly' ? 'Starting at' : 'Time'}
              errors={errorsAt(`${P}.time`)}
              hint="This computer’s time zone. The browser must be open; a missed sync runs when it next opens."
            >
              {(control) => <input {...control} type="time" value={draft.time} onInput={(e) => set({ time: e.currentTarget.value })} />}
            </Field>
          </div>
          {draft.frequency === 'weekly' && (
            <fieldset class="days" aria-describedby={weekdayErrors ? errorId(`${P}.weekdays`) : undefined}>
              <legend>Days of the week</legend>
              {weekdayErrors && <FieldErrors path={`${P}.weekdays`} errors={weekdayErrors} />}
              <div class="day-grid">
                {WEEKDAY_ORDER.map((d, i) => (
                  <label class="choice" key={d}>
                    <input
                      id={i === 0 ? fieldId(`${P}.weekdays`) : undefined}
                      type="checkbox"
                      checked={draft.weekdays.includes(d)}
                      onChange={(e) => set({ weekdays: toggle(draft.weekdays, d, e.currentTarget.checked) })}
                    />
                    <span>{WEEKDAYS[d]}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {draft.frequency === 'monthly' && (
            <fieldset class="days" aria-describedby={dateErrors ? errorId(`${P}.monthDates`) : undefined}>
              <legend>Dates of the month</legend>
              <p class="hint">A month without the date (the 31st in April, say) is skipped.</p>
              {dateErrors && <FieldErrors path={`${P}.monthDates`} errors={dateErrors} />}
              <div class="date-grid">
                {DATES.map((d) => (
                  <label class="choice date" key={d}>
                    <input
                      id={d === 1 ? fieldId(`${P}.monthDates`) : undefined}
                      type="checkbox"
                      aria-label={`Day ${d} of the month`}
                      checked={draft.monthDates.includes(d)}
                      onChange={(e) => set({ monthDates: toggle(draft.monthDates, d, e.currentTarget.checked) })}
                    />
                    <span aria-hidden="true">{d}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </div>
      )}
    </div>
  );
}
