'use strict';
// Node loads the wasm synchronously on require. `init()` is here so that code shared
// with browsers can `await init()` everywhere.
const glue = require('./convocore_leads.js');
const { ConvocoreError } = require('./errors.js');
const { encodeJson } = require('./json-encoder.js');
const { addFieldSetters, chainInPlace } = require('./builder-chain.js');
const { withUpdateLead } = require('./update-lead.js');

glue.__setErrorClass(ConvocoreError);
glue.__setJsonEncoder(encodeJson);
chainInPlace(glue.LeadPatchBuilder);
addFieldSetters(glue.LeadPatchBuilder);
withUpdateLead(glue.ConvocoreClient);

async function init() {}
function initSync() {}

module.exports = Object.assign({}, glue, { ConvocoreError, init, initSync, default: init });
