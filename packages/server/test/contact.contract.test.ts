import { contactContract } from './contracts/contact-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(contactContract);
