// Public exports of src/model (re-exported by src/index.ts).
export {};
