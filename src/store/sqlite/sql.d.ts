/** `.sql` files are imported as their text (esbuild's text loader; a small vitest plugin in tests). */
declare module '*.sql' {
  const text: string;
  export default text;
}
