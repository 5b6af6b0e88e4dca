// The chapter's data set: two .npz files from the peptide-dashboard repository (Ansari & White 2023).
import type { DataFile } from "../data/cached-files.js";

/** Upstream folder holding hemo-positive.npz and hemo-negative.npz. */
export const HEMOLYSIS_BASE_URL = "https://github.com/ur-whitelab/peptide-dashboard/raw/master/ml/data/";

/** The hemolytic (label 1) sequences: 1,826 rows of 190 residue indices. */
export const HEMOLYSIS_POSITIVE: DataFile = {
  name: "hemo-positive.npz",
  url: HEMOLYSIS_BASE_URL + "hemo-positive.npz",
  sha256: "96cb24d5a7617f7e211cd48d2b0b424a46affa95716b96058058902068068d27",
};

/** The non-hemolytic (label 0) sequences: 7,490 rows of 190 residue indices. */
export const HEMOLYSIS_NEGATIVE: DataFile = {
  name: "hemo-negative.npz",
  url: HEMOLYSIS_BASE_URL + "hemo-negative.npz",
  sha256: "f83aad41f160deb6401bc0801bddc931488da6e1785749e6f72de6d0f154a37f",
};

/** Both hemolysis files, positive first. */
export const HEMOLYSIS_FILES: readonly DataFile[] = [HEMOLYSIS_POSITIVE, HEMOLYSIS_NEGATIVE];
