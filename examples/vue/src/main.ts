import { createApp } from 'vue';
import 'style-transfer-element';
import App from './App.vue';

createApp(App).mount('#app');
