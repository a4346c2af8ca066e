import { describe, expect, it } from 'vitest';
import { extractSymbols, hasSymbolSupport } from './symbols.ts';

describe('extractSymbols', () => {
  it('finds top-level TypeScript and JavaScript declarations', () => {
    const text = [
      'import { x } from "y";',
      'export async function load(path: string): Promise<void> {',
      '  function inner() {}',
      '}',
      'export class Store {',
      'export interface Options {',
      'export type Id = string;',
      'export const limit = 5;',
      'export default function () {}',
      'function helper() {',
      'class Local {}',
      'type T = 1;',
      '  export const nested = 1;',
    ].join('\n');
    expect(extractSymbols('a.ts', text)).toEqual([
      'export async function load(path: string): Promise<void>',
      'export class Store',
      'export interface Options',
      'export type Id = string;',
      'export const limit = 5;',
      'export default function ()',
      'function helper()',
      'class Local',
      'type T = 1;',
    ]);
  });

  it('finds Python, Go, Rust, Java and shell declarations', () => {
    expect(extractSymbols('m.py', 'import os\ndef run(x):\n    def inner(): pass\nasync def go():\nclass Job(Base):\n')).toEqual(['def run(x)', 'async def go()', 'class Job(Base)']);
    expect(extractSymbols('m.go', 'package m\nfunc Run() error {\nfunc (s *Server) Serve() {\ntype Server struct {\n')).toEqual(['func Run() error', 'func (s *Server) Serve()', 'type Server struct']);
    expect(extractSymbols('m.rs', 'use x;\npub fn run() -> u8 {\nstruct S;\npub(crate) enum E {\nimpl S {\ntrait T {\npub const N: u8 = 1;\n    fn inner() {}\n')).toEqual(['pub fn run() -> u8', 'struct S;', 'pub(crate) enum E', 'impl S', 'trait T', 'pub const N: u8 = 1;']);
    expect(extractSymbols('A.java', 'package a;\npublic final class App {\n    public static void main(String[] args) {\n    private int hidden() {\n        public void deep() {\n}\ninterface Port {\n')).toEqual(['public final class App', 'public static void main(String[] args)', 'interface Port']);
    expect(extractSymbols('s.sh', '#!/bin/sh\nbuild() {\nfunction deploy {\n  nested() {\n')).toEqual(['build()', 'function deploy']);
  });

  it('clips long declarations and knows which files it supports', () => {
    expect(extractSymbols('a.js', `function f(${'a, '.repeat(60)}z) {`)[0]).toMatch(/^function f\(.{100,}…$/);
    expect(hasSymbolSupport('x.tsx')).toBe(true);
    expect(hasSymbolSupport('README.md')).toBe(false);
    expect(extractSymbols('README.md', 'function x() {}')).toEqual([]);
  });
});
