'use strict';
// CommonJS entry for Node: wasm-bindgen's Node glue loads the wasm synchronously on require.
const { instance } = require('./set-up.js');

module.exports = instance(() => require('./convocore_leads.js'));
