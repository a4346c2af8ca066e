/**
 * Numbers as GitHub prints them. The runner converts a number to a string with .NET's "G15" format
 * (ExpressionConstants.NumberFormat): 15 significant digits, fixed-point only when the decimal
 * exponent is above -5 and below 15, otherwise scientific ("1E+15", "1E-05"). @actions/expressions
 * prints 1e15 as "1000000000000000", so interpolation, format(), join() and index keys use this.
 */

/** `value` formatted like .NET `Double.ToString("G15", InvariantCulture)`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  // .NET Core prints -0 as "-0", but GitHub's expression test cases and @actions/expressions say "0".
  if (value === 0) return '0';
  // Rounding to 15 digits first can carry into the next power of ten, so read the exponent after it.
  const [mantissa = '', exponentText = '0'] = value.toExponential(14).split('e');
  const exponent = Number(exponentText);
  if (exponent > -5 && exponent < 15) return String(Number(`${mantissa}e${exponentText}`));
  return `${trimZeros(mantissa)}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function trimZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}
