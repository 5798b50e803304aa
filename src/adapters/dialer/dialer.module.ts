import { Module } from '@nestjs/common';
import { DialerService } from './dialer.service.js';

@Module({ providers: [DialerService], exports: [DialerService] })
export class DialerModule {}
