#!/usr/bin/env node
// The installed `system-update` command: runs the compiled entry point (npm run build puts it in dist/).
import "../dist/bin/system-update.js";
