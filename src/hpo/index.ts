// Public exports of src/hpo (re-exported by src/index.ts).
export {};
