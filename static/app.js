// Chatwire's few lines of browser code. htmx does the rest; no inline scripts (CSP).
"use strict";
