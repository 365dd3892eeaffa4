import { roomSuperAdminContract } from './contracts/room-super-admin-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(roomSuperAdminContract);
