// Public exports of src/util (re-exported by src/index.ts).
export {};
