import { describe, expect, it } from 'vitest';
import { formatDiagnostic, isAutodevopsError } from '../core/errors.ts';
import { analyzeAction, parseActionText } from './action.ts';

function problems(text: string): string[] {
  return analyzeAction('action.yml', text).diagnostics.map(formatDiagnostic);
}

const composite = `name: Greet
description: Says hello
inputs:
  who:
    description: Whom to greet
    default: \${{ github.actor }}
  loud:
    required: true
    deprecationMessage: use volume
outputs:
  greeting:
    description: What was said
    value: \${{ steps.say.outputs.text }}
runs:
  using: composite
  steps:
    - id: say
      name: Say \${{ inputs.who }}
      shell: bash
      run: echo "text=hello" >> "$GITHUB_OUTPUT"
      env:
        WHO: \${{ inputs.who }}
      working-directory: sub
      continue-on-error: true
    - uses: ./nested
      if: inputs.loud == 'true'
      with:
        level: 3
    - run: echo always
      shell: sh
      if: always()
`;

describe('parseActionText', () => {
  it('normalises a composite action: inputs, outputs, steps like workflow steps with GitHub\'s if conditions', () => {
    const action = parseActionText('action.yml', composite);
    expect(action.name).toBe('Greet');
    expect(action.description).toBe('Says hello');
    expect(action.inputs).toEqual({
      who: { description: 'Whom to greet', required: false, default: '${{ github.actor }}' },
      loud: { required: true, deprecationMessage: 'use volume' },
    });
    expect(action.outputs).toEqual({ greeting: { description: 'What was said', value: '${{ steps.say.outputs.text }}' } });
    expect(action.runs.using).toBe('composite');
    const [say, nested, last] = action.runs.steps!;
    expect(say).toMatchObject({
      id: 'say', name: 'Say ${{ inputs.who }}', if: 'success()', shell: 'bash', run: 'echo "text=hello" >> "$GITHUB_OUTPUT"',
      env: { WHO: '${{ inputs.who }}' }, workingDirectory: 'sub', continueOnError: true, with: {},
    });
    expect(say!.location).toEqual({ file: 'action.yml', line: 17, column: 7 });
    expect(nested).toMatchObject({ uses: './nested', if: "success() && (inputs.loud == 'true')", with: { level: 3 } });
    expect(last!.if).toBe('always()');
  });

  it('reads JavaScript actions with pre and post phases, conditions as written', () => {
    const action = parseActionText('a.yml', "runs:\n  using: node20\n  main: dist/index.js\n  pre: dist/pre.js\n  pre-if: runner.os == 'Linux'\n  post: dist/post.js\n  post-if: failure()\n");
    expect(action.name).toBe('a.yml');
    expect(action.description).toBeUndefined();
    expect(action.runs).toEqual({ using: 'node20', main: 'dist/index.js', pre: 'dist/pre.js', preIf: "runner.os == 'Linux'", post: 'dist/post.js', postIf: 'failure()' });
  });

  it('reads Docker actions', () => {
    const action = parseActionText('a.yml', "name: d\ndescription: d\nruns:\n  using: docker\n  image: Dockerfile\n  entrypoint: /e.sh\n  pre-entrypoint: /pre.sh\n  post-entrypoint: /post.sh\n  args: ['${{ inputs.x }}', b]\n  env:\n    A: '1'\n");
    expect(action.runs).toEqual({ using: 'docker', image: 'Dockerfile', entrypoint: '/e.sh', preEntrypoint: '/pre.sh', postEntrypoint: '/post.sh', args: ['${{ inputs.x }}', 'b'], env: { A: '1' } });
  });

  it('is as lenient as GitHub\'s runner: name, description and unknown top-level keys may be missing or extra', () => {
    expect(problems('author: me\nbranding: {icon: x, colour: red}\nruns:\n  using: node20\n  main: i.js\n')).toEqual(["action.yml:2:21: Unexpected value 'colour'"]);
    expect(problems('x-custom: 1\nruns:\n  using: node20\n  main: i.js\n')).toEqual([]);
  });

  it('reports what a runs mapping lacks, in words', () => {
    expect(problems('runs:\n  using: node20\n')).toEqual(['action.yml:2:3: runs.main is missing: a JavaScript action (node20) names its entry file']);
    expect(problems('runs:\n  using: docker\n')).toEqual(['action.yml:2:3: runs.image is missing: a Docker action names an image or a Dockerfile']);
    expect(problems('runs:\n  main: x.js\n')).toEqual(['action.yml:2:3: Required property is missing: using']);
    expect(problems('runs:\n  image: x\n  entrypoint: y\n')).toEqual(['action.yml:2:3: Required property is missing: using']);
    expect(problems('runs:\n  using: node99\n  main: i.js\n')).toEqual([
      "action.yml:2:10: Unexpected value 'node99': runs.using must be one of composite, node12, node16, node20, node24, docker",
    ]);
    expect(problems('runs:\n  using: composite\n')).toEqual(['action.yml:2:3: runs.steps is missing: a composite action lists its steps']);
  });

  it('requires shell on composite run steps and rejects step keys GitHub rejects there', () => {
    expect(problems('runs:\n  using: composite\n  steps:\n    - run: echo\n')).toEqual(['action.yml:4:7: Required property is missing: shell']);
    expect(problems('runs:\n  using: composite\n  steps:\n    - uses: ./x\n      working-directory: y\n')).toEqual(["action.yml:5:7: Unexpected value 'working-directory'"]);
    expect(problems('runs:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n      env: ${{ fromJSON(inputs.e) }}\n')).toEqual([
      'action.yml:6:12: runs.steps[0].env must be written as a mapping: autodevops does not support one expression for the whole of it',
    ]);
  });

  it('reports bad expressions, bad YAML and empty files positioned', () => {
    expect(problems('runs:\n  using: composite\n  steps:\n    - run: echo ${{ inputs. }}\n      shell: bash\n')).toEqual(["action.yml:4:17: Unexpected symbol: 'EOF'"]);
    expect(problems('runs:\n  using: node20\n  main: i.js\n  post-if: github. ==\n')).toHaveLength(1);
    expect(problems('runs:\n  using: x\n bad: 1\n')).toEqual(['action.yml:3:1: All mapping items must start at the same column']);
    expect(problems('')).toEqual(['action.yml:1:1: The file holds no YAML value; an action is a mapping with `runs:`']);
    expect(problems('a: &a [*a]\n')).toHaveLength(1);
  });

  it('throws ADO_WORKFLOW_INVALID with every diagnostic', () => {
    let error: unknown;
    try {
      parseActionText('x/action.yml', 'runs:\n  using: composite\n  steps:\n    - run: echo\n    - run: echo\n');
    } catch (e) {
      error = e;
    }
    expect(isAutodevopsError(error) && error.code).toBe('ADO_WORKFLOW_INVALID');
    expect((error as Error).message).toBe("x/action.yml: 2 errors in the action's metadata");
    expect(isAutodevopsError(error) && error.diagnostics).toHaveLength(2);
  });
});
