import { roomAttributeContract } from './contracts/room-attribute-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(roomAttributeContract);
