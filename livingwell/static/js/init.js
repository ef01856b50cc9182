// Start NHS.UK frontend's components (character counts, header menu, error summary focus).
import { initAll } from "../build/nhsuk-frontend.min.js";

initAll();
