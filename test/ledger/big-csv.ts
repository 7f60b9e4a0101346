/**
 * A plan-statement-style CSV of `count` events: two accounts opened, then after-tax contributions every
 * day from 2000 on, a monthly statement balance, and a quarterly in-plan Roth conversion of the whole subaccount.
 * Used by the crash test and the benchmark.
 */
export function bigLedgerCsv(count: number): string {
  const lines = ["date,type,account,amount,kind,to_account,basis,earnings,note"];
  lines.push("2000-01-01,open,sub,,401k-after-tax,,,,", "2000-01-01,open,roth401k,,roth-401k,,,,");
  const start = Date.UTC(2000, 0, 1);
  let balance = 0;
  for (let i = 0; lines.length - 1 < count; i++) {
    const date = new Date(start + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10);
    if (i % 97 === 96 && balance > 0) {
      const grown = balance + (balance >> 6);
      lines.push(`${date},statement-balance,sub,${money(grown)},,,,,s${i}`);
      balance = grown;
    } else if (i % 331 === 330 && balance > 0) {
      lines.push(`${date},in-plan-roth-conversion,sub,${money(balance)},,roth401k,,,c${i}`);
      balance = 0;
    } else {
      const amount = 10_000 + (i % 5_000);
      lines.push(`${date},after-tax-contribution,sub,${money(amount)},,,,,p${i}`);
      balance += amount;
    }
  }
  return `${lines.join("\n")}\n`;
}

function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
