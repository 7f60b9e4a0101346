// The megaroth core as a library: `node examples/library.mjs` (after `npm ci`, which builds it).
// In your own project: `npm install @megaroth/core`, then the same import.
import { contributionRoom, dollars, InputError, limits } from "@megaroth/core";

// The README's `megaroth room` example: 2026, age 55, $300,000 of pay, $32,500 of deferrals (24,500 + an 8,000
// catch-up), a 100%@3% + 50%@2% match, and $200,000 of 2025 FICA wages (so the catch-up must be Roth).
const room = contributionRoom({
  year: 2026,
  age: 55,
  compensation: dollars(300000),
  deferrals: dollars("32,500"),
  match: "100%@3%,50%@2%",
  priorYearFicaWages: dollars(200000),
});

console.log(`After-tax room: ${room.afterTaxRoom}`); // $35,500.00
console.log(`Binding limit: ${room.bindingLimit}`);
console.log(`Employer match: ${room.employerMatch} (${room.employerMatch.cents} cents)`);
console.log(`Catch-up must be Roth: ${room.catchUpMustBeRoth}`);
for (const [i, step] of room.steps.entries())
  console.log(`  ${i + 1}. ${step.label}${step.amount ? ` = ${step.amount}` : ""}  [${step.citation}]`);

// The figures it used, with their sources; JSON.stringify writes money as dollars, as `--json` does.
const { annualAdditionsLimit, sources } = limits({ year: 2026 });
console.log(`415(c) limit for 2026: ${annualAdditionsLimit} (${sources.annualAdditionsLimit})`);
console.log(JSON.stringify({ afterTaxRoom: room.afterTaxRoom, employerMatch: room.employerMatch }));

// A plain number is refused, naming the field: dollars or cents must be said.
try {
  contributionRoom({ year: 2026, age: 55, compensation: 300000, deferrals: dollars(32500) });
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.log(error.message);
}
