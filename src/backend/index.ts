// Public exports of src/backend (re-exported by src/index.ts).
export {};
