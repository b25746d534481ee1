'use strict';
// CommonJS entry for Node, ready on require (load.js).
module.exports = require('./load.js').api;
