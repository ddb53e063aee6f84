/**
 * The layering every import obeys (docs/architecture.md): kit ← core ← features ← app.
 * `npm run lint` runs this; a broken rule fails the lint with the rule's name and the import.
 * Tests are the one exception to the upward rules: a test may assemble the whole app.
 */
const features =
  '^src/(breaches|browsing|conformance|consent|customers|disclosures|newsletter|notify|orders|policy|reviews|rights|seed|shop)/';
const test = '\\.test\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Import cycles: split the shared part into its own file, lower in the layers.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kit-imports-only-kit',
      severity: 'error',
      comment:
        'src/kit is the floor (web primitives, db, vault, jobs, config, log, errors): it never imports core, a feature or the app.',
      from: { path: '^src/kit/', pathNot: test },
      to: { path: '^src/(core|app)/|' + features },
    },
    {
      name: 'core-imports-only-kit',
      severity: 'error',
      comment:
        'src/core (the personal-data registry, the manifest) is shared by every feature: it imports only the kit.',
      from: { path: '^src/core/', pathNot: test },
      to: { path: '^src/app/|' + features },
    },
    {
      name: 'features-never-import-the-app',
      severity: 'error',
      comment:
        'A feature never imports src/app (routes assembly, composition root, CLI): the app imports features, not the other way round.',
      from: { path: features, pathNot: test },
      to: { path: '^src/app/' },
    },
    {
      name: 'registry-only-from-core',
      severity: 'error',
      comment: 'The personal-data registry lives in src/core; no feature keeps its own copy.',
      from: {},
      to: { path: 'personal-data-registry\\.ts$', pathNot: '^src/core/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    exclude: { path: 'node_modules' },
  },
};
